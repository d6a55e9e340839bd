package org.duban.task.province;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.province.ProvincialExtensionDecided;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskReviewed;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.province.ProvincialTaskSupervised;
import org.duban.events.province.ProvincialTaskUrged;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.task.importer.ResolveFixtureServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Provincial tasks end to end inside task-service: province events produced onto the real broker as province-gateway's
 * outbox relay would (binary CloudEvents, keyed by provTaskId, the id derived from the province's msgId), the seed
 * documents imported through REST (unit-service stood in by {@link ResolveFixtureServer}), the county's reports and the
 * supervisor's commands over REST with real tokens, and what task-service announces read back from Kafka.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_province"))
@WithTestResource(ResolveFixtureServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvincialTaskTest {

    static final String MANAGEMENT = "湖南省2021年政务管理服务工作要点";
    static final String OPENNESS = "湖南省2021年政务公开工作要点";
    static final UUID ZWFWZX = UUID.fromString("3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c01"); // 县政务服务中心
    static final UUID JYJ = UUID.fromString("3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c03"); // 县教育局

    final TestClock clock = new TestClock(Instant.parse("2021-08-02T02:00:00Z"));

    @Inject
    ProgressSchedule schedule;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    // --- the province's side, as province-gateway publishes it -----------------------------------------------------

    /** One task paragraph of the provincial seed, as a TASK_ISSUE would describe it. */
    record Item(String document, String sectionLabel, String sectionTitle, String number, String text, String lead) {
    }

    /** The tasks of both provincial documents of the seed (34 + 17), read the way the province's own system holds them. */
    static List<Item> provincialSeed() {
        Pattern section = Pattern.compile("^[\\s\u3000]*([一二三四五六七八九十]+)、(.+)$");
        Pattern task = Pattern.compile("^[\\s\u3000]*(（[一二三四五六七八九十]+）)(.*?)（([^（）]*(?:牵头|负责)[^（）]*)）[\\s\u3000]*$");
        List<Item> items = new ArrayList<>();
        String document = null;
        String label = null;
        String title = null;
        for (String line : SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS).split("\n")) {
            String l = line.strip();
            if (l.equals(MANAGEMENT) || l.equals(OPENNESS)) {
                document = l;
                continue;
            }
            Matcher t = task.matcher(line);
            if (t.find()) {
                items.add(new Item(document, label, title, t.group(1), t.group(2).strip(), t.group(3)));
                continue;
            }
            Matcher s = section.matcher(line);
            if (s.find()) {
                label = s.group(1);
                title = s.group(2).strip();
            }
        }
        return items;
    }

    static Item item(String document, String number) {
        return provincialSeed().stream().filter(i -> i.document().equals(document) && i.number().equals(number)).findFirst()
                .orElseThrow();
    }

    static String provTaskId(Item i) {
        return (i.document().equals(MANAGEMENT) ? "HN2021ZWFW" : "HN2021ZWGK") + i.number();
    }

    ProvincialTaskIssued issue(Item i, String documentNumber) {
        return new ProvincialTaskIssued("MSG-ISSUE-" + provTaskId(i), provTaskId(i), documentNumber, "《" + i.document() + "》",
                i.sectionLabel(), i.sectionTitle(), i.number(), i.text().substring(0, Math.min(20, i.text().length())), i.text(),
                i.lead(), "2021年底", Instant.parse("2021-12-31T15:59:59Z"), "MONTHLY", "11430000MB1D00000X", clock.instant());
    }

    /** On the topic as the gateway's relay writes it: key provTaskId, ce_id derived from the province's msgId. */
    static void publish(String messageId, String provTaskId, DomainEvent event) {
        UUID id = UUID.nameUUIDFromBytes(("province-message:" + messageId).getBytes(StandardCharsets.UTF_8));
        TopicProbe.publish(Topics.PROVINCE_EVENTS, provTaskId, EventType.of(event).type(), id, EventJson.write(event),
                "province-gateway");
    }

    static void publish(ProvincialTaskIssued issued) {
        publish(issued.messageId(), issued.provTaskId(), issued);
    }

    // --- reading task-service -----------------------------------------------------------------------------------

    static long count(String sql, Object... args) {
        try (var c = RealInfrastructure.postgres().connect("duban_task_province"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<UUID> ids(String sql, Object... args) {
        try (var c = RealInfrastructure.postgres().connect("duban_task_province"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            var rs = s.executeQuery();
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String idOf(String provTaskId) {
        List<UUID> found = ids("select task_id from provincial_task where prov_task_id = ?", provTaskId);
        return found.isEmpty() ? null : found.get(0).toString();
    }

    static String awaitIssued(String provTaskId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> idOf(provTaskId) != null);
        return idOf(provTaskId);
    }

    static JsonPath detail(String id) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/provincial-tasks/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    static long history(String id, String what) {
        return count("select count(*) from provincial_task_history where task_id = ? and what = ?", UUID.fromString(id), what);
    }

    /** The county task of an annex and printed number in the imported county notice. */
    static UUID countyTask(String annex, String number) {
        return ids("""
                select t.id from task t join section s on s.id = t.section_id join annex a on a.id = s.annex_id
                join plan p on p.id = t.plan_id where p.level = 'COUNTY' and a.label = ? and t.number = ?""", annex, number).get(0);
    }

    /** A confirmed milestone without a date (so the deadline watcher leaves it alone), as the importer stores one. */
    static UUID milestone(UUID taskId, String label, int target) {
        UUID id = UUID.randomUUID();
        try (var c = RealInfrastructure.postgres().connect("duban_task_province"); var s = c.prepareStatement("""
                insert into milestone (id, task_id, ordinal, label, due_at, target_quantity, target_unit, status, source)
                values (?, ?, 99, ?, null, ?, '项', 'CONFIRMED', 'DEADLINE')""")) {
            s.setObject(1, id);
            s.setObject(2, taskId);
            s.setString(3, label);
            s.setInt(4, target);
            s.executeUpdate();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return id;
    }

    static io.restassured.response.ValidatableResponse post(String token, String path, String body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path).then();
    }

    static ConsumerRecord<String, String> taskEvent(EventType type, String key, String contains) {
        return TopicProbe.await(Topics.TASK_EVENTS, r -> type.type().equals(TopicProbe.header(r, "ce_type"))
                && key.equals(r.key()) && (contains == null || r.value().contains(contains)), Duration.ofSeconds(30));
    }

    // --- the tests -------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theSameTaskIssueTwiceIsOneTask() {
        ProvincialTaskIssued issued = new ProvincialTaskIssued("MSG-DUP-1", "T-DUP-1", "湘测办发〔2021〕1号", "《测试省2021年工作要点》",
                "一", "测试", "（一）", "测试任务", "推进测试任务落实落地", "省测试局牵头", "持续推进", null, null, "11430000MB1D00000X",
                clock.instant());
        publish(issued);
        publish(issued); // the same message again: the relay resent it
        TopicProbe.publish(Topics.PROVINCE_EVENTS, "T-DUP-1", EventType.PROVINCIAL_TASK_ISSUED.type(), UUID.randomUUID(),
                EventJson.write(issued), "province-gateway"); // and the same msgId under another event id
        // a later message about the same task (same key, same partition) shows both were consumed
        publish("MSG-DUP-URGE", "T-DUP-1", new ProvincialTaskUrged("MSG-DUP-URGE", "T-DUP-1", "请加快进度", null, clock.instant()));
        String id = awaitIssued("T-DUP-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> history(id, "URGED") == 1);
        assertEquals(1, count("select count(*) from provincial_task where prov_task_id = 'T-DUP-1'"));
        assertEquals(1, count("select count(*) from task where plan_id = (select plan_id from task where id = ?)", UUID.fromString(id)));
        assertEquals(1, history(id, "ISSUED"));
        assertEquals(0, history(id, "REISSUED"));
        JsonPath task = detail(id);
        assertEquals("ISSUED", task.getString("state"));
        assertEquals("测试省2021年工作要点", task.getString("planTitle"));
        assertEquals("湘测办发〔2021〕1号", task.getString("documentNumber"));
        assertEquals("（一）", task.getString("number"));
        assertEquals("推进测试任务落实落地", task.getString("title"));
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void tasksIssuedAfterTheCountyNoticeAreLinkedToTheCountyTasksThatImplementThem() {
        given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                .body(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).getBytes(StandardCharsets.UTF_8))
                .post("/api/plans/import").then().statusCode(201);
        List<Item> management = provincialSeed().stream().filter(i -> i.document().equals(MANAGEMENT)).toList();
        assertEquals(34, management.size());
        for (Item i : management) {
            publish(issue(i, "湘政务办发〔2021〕5号"));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("select count(*) from provincial_task where prov_task_id like 'HN2021ZWFW%'") == 34);

        for (String[] pair : new String[][] { { "（六）", "（五）" }, { "（十二）", "（十）" }, { "（十八）", "（十六）" } }) {
            JsonPath task = detail(idOf("HN2021ZWFW" + pair[0]));
            assertEquals(List.of(countyTask("附件1", pair[1]).toString()), task.getList("links.countyTaskId"),
                    "provincial " + pair[0] + " is implemented by county 附件1 " + pair[1]);
            assertEquals("附件1", task.getString("links[0].annex"));
            assertFalse(task.getBoolean("links[0].confirmed"), "a proposal until a supervisor confirms it");
        }
        JsonPath six = detail(idOf("HN2021ZWFW（六）"));
        assertEquals("ISSUED", six.getString("state"), "auto-accept is off by default");
        assertEquals("湘政务办发〔2021〕5号", six.getString("documentNumber"));
        assertEquals(MANAGEMENT, six.getString("planTitle"));
        List<String> leads = six.getList("links[0].leadUnits.name");
        assertEquals(java.util.Set.of("县司法局", "县政务服务中心"), java.util.Set.copyOf(leads),
                "the current lead assignments of county (五)");

        // the provincial tasks no county task implements, as the importer reports them for the seeds: (五) and (十一)
        List<Map<String, Object>> unlinked = given().auth().oauth2(Tokens.leader()).get("/api/provincial-tasks?unlinked=true")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.planTitle == '" + MANAGEMENT + "' }");
        assertEquals(List.of("（五）", "（十一）"), unlinked.stream().map(u -> (String) u.get("number")).toList());
        given().auth().oauth2(Tokens.officerOf(ZWFWZX)).get("/api/provincial-tasks").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/provincial-tasks?state=BOGUS").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    @Test
    @Order(3)
    void aTaskOfAnImportedProvincialDocumentIsThatTaskNotASecondCopy() {
        given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                .body(SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS).getBytes(StandardCharsets.UTF_8))
                .post("/api/plans/import").then().statusCode(201);
        UUID plan = ids("select id from plan where level = 'PROVINCE' and title = ?", OPENNESS).get(0);
        UUID imported = ids("select id from task where plan_id = ? and number = '（三）'", plan).get(0);
        long tasksBefore = count("select count(*) from task");

        Item three = item(OPENNESS, "（三）");
        publish(issue(three, null));
        String id = awaitIssued(provTaskId(three));
        assertEquals(imported.toString(), id, "the issued task is the imported one");
        assertEquals(tasksBefore, count("select count(*) from task"), "no second copy");
        JsonPath task = detail(id);
        assertEquals(OPENNESS, task.getString("planTitle"));
        assertFalse(task.getList("links").isEmpty(), "the county 附件2 task the import linked to it");
        assertEquals("附件2", task.getString("links[0].annex"));

        // the other order: the 34 tasks of the management document were issued (test 2) before the document was imported
        // above; the import completed the plan the messages made instead of making a second one
        assertEquals(1, count("select count(*) from plan where level = 'PROVINCE' and title = ?", MANAGEMENT),
                "one plan for the management document");
        UUID management = ids("select id from plan where level = 'PROVINCE' and title = ?", MANAGEMENT).get(0);
        assertEquals(34, count("select count(*) from task where plan_id = ?", management), "its 34 tasks, none copied");
        assertEquals(34, count("select count(*) from provincial_task p join task t on t.id = p.task_id where t.plan_id = ?",
                management), "every issued task is a task of the imported document");
        assertEquals(ids("select id from task where plan_id = ? and number = '（六）'", management).get(0).toString(),
                idOf("HN2021ZWFW（六）"));
        assertTrue(count("select count(*) from task_unit u join task t on t.id = u.task_id where t.plan_id = ?", management) > 0,
                "the document's units are recorded on the issued tasks");
    }

    @Test
    @Order(4)
    void theSupervisorSignsForOrReturnsAndIllegalMovesAre409() {
        String six = idOf("HN2021ZWFW（六）");
        post(Tokens.officerOf(ZWFWZX), "/api/provincial-tasks/" + six + "/accept", null).statusCode(403);
        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/accept", null).statusCode(200)
                .body("state", equalTo("ACCEPTED")).body("history.what", hasItem("ACCEPTED"));
        taskEvent(EventType.PROVINCIAL_TASK_ACCEPTED, six, "HN2021ZWFW（六）");
        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/accept", null).statusCode(409).body("state", equalTo("ACCEPTED"));
        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/return", "{\"reason\": \"不属本县\"}").statusCode(409)
                .body("state", equalTo("ACCEPTED"));

        String eleven = idOf("HN2021ZWFW（十一）");
        post(Tokens.supervisor(), "/api/provincial-tasks/" + eleven + "/return", "{}").statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        post(Tokens.supervisor(), "/api/provincial-tasks/" + eleven + "/return", "{\"reason\": \"本县无自贸片区\"}").statusCode(200)
                .body("state", equalTo("RETURNED"));
        taskEvent(EventType.PROVINCIAL_TASK_RETURNED, eleven, "本县无自贸片区");
        post(Tokens.supervisor(), "/api/provincial-tasks/" + eleven + "/accept", null).statusCode(409).body("state", equalTo("RETURNED"));
        post(Tokens.supervisor(), "/api/provincial-tasks/" + UUID.randomUUID() + "/accept", null).statusCode(404);
    }

    @Test
    @Order(5)
    void linksAreCorrectedAndAProvincialTaskCanBeAssignedToCountyUnits() {
        String five = idOf("HN2021ZWFW（五）");
        UUID county = countyTask("附件1", "（四）");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"countyTaskIds\": [\"" + UUID.randomUUID() + "\"]}")
                .put("/api/provincial-tasks/" + five + "/links").then().statusCode(400).body("errors[0].field", equalTo("countyTaskIds[0]"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"countyTaskIds\": [\"" + county + "\"]}")
                .put("/api/provincial-tasks/" + five + "/links").then().statusCode(200)
                .body("links.countyTaskId", equalTo(List.of(county.toString()))).body("links[0].confirmed", equalTo(true))
                .body("history.what", hasItem("LINKS"));

        String ten = idOf("HN2021ZWFW（十）");
        post(Tokens.supervisor(), "/api/provincial-tasks/" + ten + "/assignments", "{\"unitId\": \"" + JYJ + "\", \"role\": \"LEAD\"}")
                .statusCode(201).body("status", equalTo("ASSIGNED"));
        post(Tokens.supervisor(), "/api/provincial-tasks/" + ten + "/assignments", "{\"unitId\": \"" + JYJ + "\", \"role\": \"LEAD\"}")
                .statusCode(409);
        taskEvent(EventType.TASK_ASSIGNED, ten, JYJ.toString());
        List<String> unlinked = given().auth().oauth2(Tokens.supervisor()).get("/api/provincial-tasks?unlinked=true").then()
                .statusCode(200).extract().jsonPath().getList("id");
        assertFalse(unlinked.contains(five) || unlinked.contains(ten), "linked, or assigned to a county unit");

        // signed for but nobody works on it: no roll-up of nothing (it would tell the province 0 % as if the county had reported)
        String lone = unlinked.stream().filter(id -> "ISSUED".equals(detail(id).getString("state"))).findFirst().orElseThrow();
        post(Tokens.supervisor(), "/api/provincial-tasks/" + lone + "/accept", null).statusCode(200);
        post(Tokens.supervisor(), "/api/provincial-tasks/" + lone + "/progress", null).statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("no county task or unit working on it"));
        assertEquals(0, count("select count(*) from provincial_progress where task_id = cast(? as uuid)", lone));
    }

    @Test
    @Order(6)
    void superviseRedNamesTheLeadUnitsOfTheCountyTasksAndUnknownOrMalformedEventsDoNoHarm() {
        String six = idOf("HN2021ZWFW（六）");
        publish("MSG-SUP-6", "HN2021ZWFW（六）",
                new ProvincialTaskSupervised("MSG-SUP-6", "HN2021ZWFW（六）", "RED", "进度滞后", clock.instant()));
        ProvinceUrged urged = EventJson.read(taskEvent(EventType.PROVINCE_URGED, six, "MSG-SUP-6").value(), ProvinceUrged.class);
        assertEquals("SUPERVISE", urged.kind());
        assertEquals("RED", urged.level());
        assertEquals(List.of(countyTask("附件1", "（五）")), urged.countyTaskIds());
        assertTrue(urged.leadUnitIds().contains(ZWFWZX), "县政务服务中心 leads county (五)");
        assertTrue(urged.leadUnitIds().contains(ResolveFixtureServer.idOf("县司法局")), "and 县司法局");
        assertEquals(1, history(six, "SUPERVISED"));

        publish("MSG-URGE-X", "HN-NEVER", new ProvincialTaskUrged("MSG-URGE-X", "HN-NEVER", "催办", null, clock.instant()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("select count(*) from provincial_message_skipped where prov_task_id = 'HN-NEVER'") == 1);

        publish("MSG-SUP-BAD", "HN2021ZWFW（六）",
                new ProvincialTaskSupervised("MSG-SUP-BAD", "HN2021ZWFW（六）", "PURPLE", "?", clock.instant()));
        ConsumerRecord<String, String> dead = TopicProbe.await(Topics.PROVINCE_EVENTS + Topics.DEAD_LETTER_SUFFIX,
                r -> r.value() != null && r.value().contains("MSG-SUP-BAD"), Duration.ofSeconds(30));
        assertNotNull(dead);
        assertEquals(1, history(six, "SUPERVISED"), "the malformed one changed nothing");
    }

    @Test
    @Order(7)
    void progressIsRolledUpFromTheCountyReportsOnceAPeriod() throws Exception {
        String six = idOf("HN2021ZWFW（六）");
        UUID county = countyTask("附件1", "（五）");
        UUID sfj = ResolveFixtureServer.idOf("县司法局");
        UUID mine = ids("select id from assignment where task_id = ? and unit_id = ? and role = 'LEAD'", county, ZWFWZX).get(0);
        UUID theirs = ids("select id from assignment where task_id = ? and unit_id = ? and role = 'LEAD'", county, sfj).get(0);
        UUID milestone = milestone(county, "2021年底实现130项", 130);
        String report = post(Tokens.officerOf(ZWFWZX), "/api/assignments/" + mine + "/reports", """
                {"percentComplete": 60, "narrative": "已梳理证明事项清单", "evidence": ["中政服〔2021〕3号"],
                 "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": 95}]}""".formatted(milestone)).statusCode(201)
                .extract().path("id");
        post(Tokens.officerOf(sfj), "/api/assignments/" + theirs + "/reports",
                "{\"percentComplete\": 80, \"narrative\": \"告知承诺制已推行\"}").statusCode(201);

        String progressId = post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/progress", null).statusCode(201)
                .body("period", equalTo("ON_DEMAND-1")).body("percentComplete", equalTo(60)).extract().path("progressId");
        ProvincialProgressCompiled sent = EventJson.read(
                taskEvent(EventType.PROVINCIAL_PROGRESS_COMPILED, six, progressId).value(), ProvincialProgressCompiled.class);
        assertEquals(60, sent.percentComplete(), "the lowest lead percent");
        assertTrue(sent.parts().stream().anyMatch(p -> p.reportId().toString().equals(report) && p.unitId().equals(ZWFWZX)
                && p.percentComplete() == 60 && p.taskNumber().equals("附件1（五）")), sent.parts().toString());
        assertEquals(2, sent.parts().size());
        assertTrue(sent.narrative().contains("已梳理证明事项清单") && sent.narrative().contains("告知承诺制已推行"), sent.narrative());
        assertEquals(List.of("中政服〔2021〕3号"), sent.evidence());
        assertEquals(1, sent.figures().size(), sent.figures().toString());
        assertEquals("2021年底实现130项", sent.figures().get(0).name());
        assertEquals(0, new java.math.BigDecimal("95").compareTo(sent.figures().get(0).value()));
        assertEquals(0, new java.math.BigDecimal("130").compareTo(sent.figures().get(0).target()));
        assertEquals("项", sent.figures().get(0).measure());
        assertEquals(progressId, detail(six).getString("latestProgress.progressId"));

        // the provincial cadence: monthly, by the 25th (Beijing time), one per task and period however often it runs
        clock.set(Instant.parse("2021-08-24T15:00:00Z")); // 23:00 on the 24th in Beijing: not yet
        assertEquals(0, schedule.run());
        clock.set(Instant.parse("2021-08-25T01:00:00Z"));
        assertEquals(1, schedule.run(), "(六) is the only task in hand");
        assertEquals(0, schedule.run(), "a second run announces nothing new");
        UUID monthly = ProgressRollup.progressId(UUID.fromString(six), "2021-08");
        assertEquals(2, count("select count(*) from outbox_event_each where type = ? and aggregate_id = ?",
                EventType.PROVINCIAL_PROGRESS_COMPILED.type(), six), "ON_DEMAND-1 and 2021-08");
        taskEvent(EventType.PROVINCIAL_PROGRESS_COMPILED, six, monthly.toString());
    }

    @Test
    @Order(8)
    void completionWaitsForEveryLinkedCountyTaskThenTheProvinceReviewsIt() {
        String six = idOf("HN2021ZWFW（六）");
        String body = "{\"summary\": \"证明事项告知承诺制全面推行\", \"evidence\": [\"中政服〔2021〕9号\"]}";
        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/complete", body).statusCode(409)
                .body("state", equalTo("ACCEPTED"));
        assertFalse(detail(six).getBoolean("proposedCompletion.proposed"));

        UUID county = countyTask("附件1", "（五）");
        for (UUID a : ids("select id from assignment where task_id = ? and status not in ('WITHDRAWN') order by role desc", county)) {
            String status = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a).then().statusCode(200)
                    .extract().path("status");
            String role = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a).then().extract().path("role");
            if (!"REPORTED".equals(status)) {
                post(Tokens.supervisor(), "/api/assignments/" + a + "/reports", "{\"percentComplete\": 100, \"narrative\": \"完成\"}")
                        .statusCode(201);
            }
            if ("CO_RESPONSIBLE".equals(role)) {
                post(Tokens.supervisor(), "/api/assignments/" + a + "/review", "{\"approve\": true}").statusCode(200);
            }
            post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null).statusCode(200);
        }
        JsonPath ready = detail(six);
        assertTrue(ready.getBoolean("proposedCompletion.proposed"), ready.getString("proposedCompletion.detail"));
        assertEquals("COMPLETED", ready.getString("links[0].status"));

        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/complete", body).statusCode(200).body("state", equalTo("COMPLETED"));
        ProvincialTaskCompleted done = EventJson.read(taskEvent(EventType.PROVINCIAL_TASK_COMPLETED, six, null).value(),
                ProvincialTaskCompleted.class);
        assertEquals("证明事项告知承诺制全面推行", done.summary());
        assertEquals(List.of("中政服〔2021〕9号"), done.evidence());
        post(Tokens.supervisor(), "/api/provincial-tasks/" + six + "/complete", body).statusCode(409).body("state", equalTo("COMPLETED"));

        publish("MSG-REVIEW-6", "HN2021ZWFW（六）",
                new ProvincialTaskReviewed("MSG-REVIEW-6", "HN2021ZWFW（六）", "PASSED", null, clock.instant()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "CLOSED".equals(detail(six).getString("state")));
    }

    @Test
    @Order(9)
    void extensionsAndRevocationChangeTheTaskAndShowInItsHistory() {
        String twelve = idOf("HN2021ZWFW（十二）");
        post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/extension-requests",
                "{\"requestedDueAt\": \"2022-06-30T15:59:59Z\", \"reason\": \"系统对接延后\"}").statusCode(409).body("state", equalTo("ISSUED"));
        post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/accept", null).statusCode(200);
        post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/extension-requests",
                "{\"requestedDueAt\": \"2021-06-30T15:59:59Z\", \"reason\": \"系统对接延后\"}").statusCode(400)
                .body("errors[0].field", equalTo("requestedDueAt"));
        // unreadable bodies: the field and the position in plain words, never a Java type name
        String wrongType = post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/extension-requests",
                "{\"requestedDueAt\": \"明年六月\", \"reason\": \"系统对接延后\"}").statusCode(400)
                .body("errors[0].field", equalTo("requestedDueAt"))
                .body("errors[0].message", equalTo("must be a date and time such as 2021-12-31T23:59:59+08:00"))
                .body("detail", org.hamcrest.Matchers.containsString("line 1, column")).extract().asString();
        String malformed = post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/extension-requests", "{\"reason\": ")
                .statusCode(400).body("detail", org.hamcrest.Matchers.containsString("not valid JSON")).extract().asString();
        for (String body : List.of(wrongType, malformed)) {
            assertFalse(body.contains("java.") || body.contains("`") || body.contains("Exception"), body);
        }
        post(Tokens.supervisor(), "/api/provincial-tasks/" + twelve + "/extension-requests",
                "{\"requestedDueAt\": \"2022-06-30T15:59:59Z\", \"reason\": \"系统对接延后\"}").statusCode(201);
        taskEvent(EventType.PROVINCIAL_EXTENSION_REQUESTED, twelve, "系统对接延后");

        publish("MSG-EXT-12", "HN2021ZWFW（十二）", new ProvincialExtensionDecided("MSG-EXT-12", "HN2021ZWFW（十二）", "X",
                true, Instant.parse("2022-06-30T15:59:59Z"), "同意", clock.instant()));
        await().atMost(Duration.ofSeconds(30)).until(() -> history(twelve, "EXTENSION_DECIDED") == 1);
        JsonPath task = detail(twelve);
        assertEquals("2022-06-30T15:59:59Z", task.getString("dueAt"));
        assertEquals("APPROVED", task.getString("extensionRequests[0].status"));

        String eighteen = idOf("HN2021ZWFW（十八）");
        publish("MSG-REVOKE-18", "HN2021ZWFW（十八）",
                new ProvincialTaskRevoked("MSG-REVOKE-18", "HN2021ZWFW（十八）", "任务调整", clock.instant()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "REVOKED".equals(detail(eighteen).getString("state")));
        assertTrue(detail(eighteen).getList("history.detail", String.class).contains("撤销: 任务调整"));
    }

    @Test
    @Order(10)
    void everyProvincialTaskEventIsReadableWithTheCloudEventsSdkAndMatchesTheCatalogue() {
        java.util.Set<String> mine = new java.util.HashSet<>();
        for (String n : List.of("（六）", "（十一）", "（十二）")) {
            mine.add(idOf("HN2021ZWFW" + n));
        }
        java.util.Set<EventType> provincial = java.util.EnumSet.of(EventType.PROVINCIAL_TASK_ACCEPTED,
                EventType.PROVINCIAL_TASK_RETURNED, EventType.PROVINCIAL_PROGRESS_COMPILED,
                EventType.PROVINCIAL_EXTENSION_REQUESTED, EventType.PROVINCIAL_TASK_COMPLETED, EventType.PROVINCE_URGED);
        List<DomainEvent> events = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.TASK_EVENTS,
                r -> mine.contains(r.key()), Duration.ofSeconds(2), Duration.ofSeconds(30)).stream()
                .map(r -> org.duban.testing.OutsideReader.read(r, "task-service")).toList();
        java.util.Set<EventType> seen = java.util.EnumSet.noneOf(EventType.class);
        events.forEach(e -> seen.add(EventType.of(e)));
        assertTrue(seen.containsAll(provincial), "every provincial task event type, as an outside consumer reads it: " + seen);
    }
}
