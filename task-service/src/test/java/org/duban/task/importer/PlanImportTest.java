package org.duban.task.importer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.PlanPublished;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The plan importer through its REST endpoint, on the two seed documents as they are, against real PostgreSQL and
 * Kafka and a real HTTP stand-in for unit-service's resolve endpoint ({@link ResolveFixtureServer}).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_import"))
@WithTestResource(ResolveFixtureServer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanImportTest {

    static final String TEXT = "text/plain; charset=UTF-8";
    static final UUID ZWFWZX = UUID.fromString("3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c01"); // 县政务服务中心
    static final UUID JYJ = UUID.fromString("3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c03"); // 县教育局

    static JsonPath county;
    static JsonPath provincial;

    static Response post(String body, String query) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(TEXT).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/plans/import" + query);
    }

    static Response post(byte[] body, String query) {
        return given().auth().oauth2(Tokens.supervisor()).contentType("application/octet-stream").body(body)
                .when().post("/api/plans/import" + query);
    }

    static long count(String sql) {
        try (var c = RealInfrastructure.postgres().connect("duban_task_import"); var s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<Map<String, Object>> tasks(String planId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/tasks?limit=1000&planId=" + planId).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> task(List<Map<String, Object>> tasks, String annex, String number) {
        return tasks.stream().filter(t -> annex.equals(t.get("annex")) && number.equals(t.get("number"))).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + annex + " " + number));
    }

    @SuppressWarnings("unchecked")
    static List<String> names(Map<String, Object> task, String role) {
        return ((List<Map<String, Object>>) task.get(role)).stream().map(u -> (String) u.get("name")).toList();
    }

    @Test
    @Order(1)
    void theCountyNoticeImportsAsTwoAnnexesOf32And17TasksWithEveryRepairReported() {
        county = post(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE), "").then().statusCode(201)
                .body("existing", equalTo(false)).extract().jsonPath();
        assertEquals("中县政务公开办发〔2021〕8号", county.getString("plans[0].documentNumber"));
        assertEquals("2021-07-23", county.getString("plans[0].issuedOn"));
        assertEquals(List.of("附件1", "附件2"), county.getList("plans[0].annexes.label"));
        assertEquals(List.of(32, 17), county.getList("plans[0].annexes.taskCount", Integer.class));
        assertEquals(49, county.getInt("plans[0].taskCount"));

        List<String> repairs = county.getList("report.normalisations.what");
        assertTrue(repairs.contains("(十-) read as (十一)"), repairs.toString());
        assertTrue(repairs.stream().anyMatch(r -> r.startsWith("section label 四、 printed again")), repairs.toString());
        assertTrue(county.getList("report.skipped.what", String.class).stream()
                .filter(w -> w.startsWith("header row repeated")).count() >= 6);
        assertTrue(county.getList("report.skipped.what", String.class).contains("annex title repeated at a page break: skipped"));
        List<String> groups = county.getList("report.designations.group");
        assertTrue(groups.contains("各乡镇人民政府"), "各乡镇人民政府 has no members: to be designated");
        List<Map<String, Object>> units = county.getList("report.units");
        assertTrue(units.stream().anyMatch(u -> "县卫健局".equals(u.get("text")) && "县卫生健康局".equals(u.get("name"))
                && "ALIAS".equals(u.get("match"))), "县卫健局 resolves as an alias of 县卫生健康局");
        assertTrue(units.stream().allMatch(u -> u.get("outcome") != null), "every unit fragment has its resolution");
        assertTrue(county.getList("report.notes", String.class).stream().anyMatch(n -> n.contains("not imported yet")));
        assertEquals(0, county.getList("report.unreadDeadlines").size(), "every 完成时限 of the seed is read");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void tasksCarryTheirLeadUnitsDeadlineKindsAndMilestones() {
        String planId = county.getString("plans[0].id");
        var tasks = tasks(planId);
        assertEquals(49, tasks.size());
        assertEquals(List.of("县政务服务中心", "县发展和改革局"), names(task(tasks, "附件1", "（四）"), "leadUnits"),
                "two lead units, in the document's order, by registered name");
        assertEquals(List.of("县司法局", "县政务服务中心"), names(task(tasks, "附件1", "（五）"), "leadUnits"));
        assertEquals(List.of("县人民政府办公室"), names(task(tasks, "附件1", "（二十八）"), "leadUnits"), "县政府办 is an alias");
        assertEquals(List.of("县卫生健康局"), names(task(tasks, "附件2", "（六）"), "leadUnits"));
        assertEquals("县政务服务中心", ((List<Map<String, Object>>) task(tasks, "附件1", "（一）").get("leadUnits")).get(0).get("name"));
        assertEquals(ZWFWZX.toString(), ((List<Map<String, Object>>) task(tasks, "附件1", "（一）").get("leadUnits")).get(0).get("id"));

        Map<String, Object> first = task(tasks, "附件1", "（一）");
        assertEquals("DATE", path(first, "deadline.kind"));
        assertEquals("2021-12-31T15:59:59Z", path(first, "deadline.dueAt"));
        Map<String, Object> ongoing = task(tasks, "附件1", "（四）");
        assertEquals("ONGOING", path(ongoing, "deadline.kind"));
        assertNull(path(ongoing, "deadline.dueAt"));
        assertEquals("P3M", path(ongoing, "deadline.reportingCadence"), "quarterly reports by default");
        Map<String, Object> eleven = task(tasks, "附件1", "（十一）");
        assertEquals(11, eleven.get("ordinal"), "(十-) is task 11");

        Map<String, Object> fourteen = task(tasks, "附件1", "（十四）");
        assertEquals("MILESTONES", path(fourteen, "deadline.kind"));
        List<Map<String, Object>> milestones = (List<Map<String, Object>>) path(fourteen, "deadline.milestones");
        assertEquals(2, milestones.size());
        assertEquals(130, ((Number) milestones.get(0).get("targetQuantity")).intValue());
        assertEquals("2021-12-31T15:59:59Z", milestones.get(0).get("dueAt"));
        assertEquals("CONFIRMED", milestones.get(0).get("status"));
        assertEquals(8, ((Number) milestones.get(1).get("targetQuantity")).intValue());
        assertNull(milestones.get(1).get("dueAt"), "2021年以后: no date");

        Map<String, Object> basic = task(tasks, "附件2", "（十一）");
        List<Map<String, Object>> proposed = (List<Map<String, Object>>) path(basic, "deadline.milestones");
        assertEquals(List.of("2021-10-31T15:59:59Z", "2021-12-31T15:59:59Z"), proposed.stream().map(m -> m.get("dueAt")).toList());
        assertTrue(proposed.stream().allMatch(m -> "PROPOSED".equals(m.get("status")) && "TASK_TEXT".equals(m.get("source"))));

        Map<String, Object> townships = task(tasks, "附件2", "（八）");
        assertEquals(List.of("各乡镇人民政府"), ((List<Map<String, Object>>) townships.get("toBeDesignated")).stream()
                .map(d -> d.get("group")).toList());
    }

    @Test
    @Order(3)
    void oneUnitHoldsOneRolePerTaskAndTheReportSaysWhatWasMerged() {
        String planId = county.getString("plans[0].id");
        String ofPlan = "from assignment a join task t on t.id = a.task_id where t.plan_id = '" + planId + "'";
        // before: 81 assignments of 县政务服务中心 on 48 tasks, a LEAD and a CO_RESPONSIBLE one (through 县直相关单位) on 33
        assertEquals(48, count("select count(distinct a.task_id) " + ofPlan + " and a.unit_id = '" + ZWFWZX + "'"));
        assertEquals(48, count("select count(*) " + ofPlan + " and a.unit_id = '" + ZWFWZX + "'"), "one assignment per task");
        assertEquals(0, count("select count(*) from (select a.task_id, a.unit_id " + ofPlan
                + " group by a.task_id, a.unit_id having count(*) > 1) twice"), "no unit holds two roles on a task");
        List<Map<String, Object>> merges = county.getList("report.merges");
        List<Map<String, Object>> lead = merges.stream().filter(m -> ZWFWZX.toString().equals(m.get("unitId"))
                && "LEAD".equals(m.get("kept"))).toList();
        assertEquals(33, lead.size(), "县政务服务中心 is lead and a member of 县直相关单位 on 33 tasks: " + lead);
        assertTrue(lead.stream().allMatch(m -> "named".equals(m.get("keptHow")) && "CO_RESPONSIBLE".equals(m.get("dropped"))
                && "through 县直相关单位".equals(m.get("droppedHow"))), lead.toString());
        assertTrue(merges.stream().anyMatch(m -> "县人力资源和社会保障局".equals(m.get("unit")) && "named".equals(m.get("keptHow"))
                && "CO_RESPONSIBLE".equals(m.get("kept"))), "a unit named and also in the group is assigned once");
    }

    @Test
    @Order(3)
    void everyTaskAssignedOfTheImportAndPlanPublishedAreOnTheTopic() {
        String planId = county.getString("plans[0].id");
        long assignments = count("select count(*) from assignment a join task t on t.id = a.task_id where t.plan_id = '" + planId + "'");
        assertTrue(assignments > 200, "group members are assigned too: " + assignments);
        var records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.TASK_EVENTS,
                r -> "duban.task.assigned.v1".equals(TopicProbe.header(r, "ce_type")) && r.value().contains(planId),
                Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertEquals(assignments, records.size());
        Set<String> distinct = new HashSet<>();
        for (var r : records) {
            TaskAssigned e = EventJson.read(r.value(), TaskAssigned.class);
            assertEquals(planId, String.valueOf(e.planId()));
            assertNotNull(e.taskNumber());
            distinct.add(e.taskId() + "/" + e.unitId() + "/" + e.role());
        }
        assertEquals(records.size(), distinct.size(), "one TaskAssigned per task, unit and role");
        var published = TopicProbe.await(Topics.TASK_EVENTS, r -> planId.equals(r.key())
                && "duban.task.plan-published.v1".equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30));
        PlanPublished p = EventJson.read(published.value(), PlanPublished.class);
        assertEquals(49, p.taskCount());
        assertEquals(14, p.sections().size());
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void theProvincialFileGivesTwoPlansAndLinksTheCountyTasksImportedBefore() {
        provincial = post(SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS), "").then().statusCode(201).extract().jsonPath();
        assertEquals(List.of("湖南省2021年政务管理服务工作要点", "湖南省2021年政务公开工作要点"), provincial.getList("plans.title"));
        assertEquals(List.of(34, 17), provincial.getList("plans.taskCount", Integer.class));
        assertEquals(List.of("PROVINCE", "PROVINCE"), provincial.getList("plans.level"));
        assertEquals(49, provincial.getList("report.upstreamLinks").size());
        List<Map<String, Object>> without = provincial.getList("report.upstreamWithoutCounterpart");
        assertEquals(List.of("（五）", "（十一）"), without.stream().map(u -> u.get("number")).toList());
        assertTrue(without.stream().allMatch(u -> "湖南省2021年政务管理服务工作要点".equals(u.get("plan"))));

        String countyId = county.getString("plans[0].id");
        var countyTasks = tasks(countyId);
        var serviceTasks = tasks(provincial.getString("plans[0].id"));
        var openTasks = tasks(provincial.getString("plans[1].id"));
        Function<Map<String, Object>, String> upstreamNumber = t -> {
            var all = new ArrayList<>(serviceTasks);
            all.addAll(openTasks);
            return all.stream().filter(p -> p.get("id").equals(t.get("upstreamTaskId"))).map(p -> (String) p.get("number"))
                    .findFirst().orElse(null);
        };
        assertEquals("（一）", upstreamNumber.apply(task(countyTasks, "附件1", "（一）")));
        assertEquals("（六）", upstreamNumber.apply(task(countyTasks, "附件1", "（五）")), "the county skipped provincial (五)");
        assertEquals("（十二）", upstreamNumber.apply(task(countyTasks, "附件1", "（十）")));
        assertEquals("（十六）", upstreamNumber.apply(task(countyTasks, "附件1", "（十四）")));
        assertEquals("（三十四）", upstreamNumber.apply(task(countyTasks, "附件1", "（三十二）")));
        for (int i = 1; i <= 17; i++) {
            String n = "（" + ChineseNumerals.of(i) + "）";
            assertEquals(n, upstreamNumber.apply(task(countyTasks, "附件2", n)), "附件2 " + n);
            assertTrue(openTasks.stream().anyMatch(p -> p.get("id").equals(task(countyTasks, "附件2", n).get("upstreamTaskId"))));
        }
        assertFalse((Boolean) task(countyTasks, "附件1", "（一）").get("upstreamConfirmed"));
        var plan = given().auth().oauth2(Tokens.leader()).get("/api/plans/" + countyId).then().statusCode(200).extract().jsonPath();
        assertEquals(provincial.getString("plans[0].id"), plan.getString("annexes[0].upstreamPlanId"));
        assertEquals(provincial.getString("plans[1].id"), plan.getString("annexes[1].upstreamPlanId"));
        assertEquals(List.of(32, 17), plan.getList("annexes.taskCount", Integer.class));
        assertEquals(9, plan.getList("annexes[0].sections").size());
        assertEquals("打造“一件事一次办”工作名片", plan.getString("annexes[0].sections[0].title"));
        assertEquals(4, plan.getInt("annexes[0].sections[0].taskCount"));

        assertEquals("省政务局", ((List<Map<String, Object>>) serviceTasks.get(0).get("leadUnits")).get(0).get("printed"));
        assertEquals(0, count("select count(*) from assignment a join task t on t.id = a.task_id join plan p on p.id = t.plan_id"
                + " where p.level = 'PROVINCE'"), "provincial plans are references: no county assignments");
    }

    @Test
    @Order(5)
    void aSupervisorCorrectsALinkWhichIsThenConfirmed() {
        var countyTasks = tasks(county.getString("plans[0].id"));
        var serviceTasks = tasks(provincial.getString("plans[0].id"));
        String first = (String) task(countyTasks, "附件1", "（一）").get("id");
        String second = (String) task(serviceTasks, "正文", "（二）").get("id");
        given().auth().oauth2(Tokens.leader()).contentType("application/json").body("{\"upstreamTaskId\":\"" + second + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"upstreamTaskId\":\"" + first + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("upstreamTaskId"));
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"upstreamTaskId\":\"" + second + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(200)
                .body("upstreamTaskId", equalTo(second)).body("upstreamConfirmed", equalTo(true));
        String sibling = (String) task(countyTasks, "附件1", "（二）").get("id");
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"upstreamTaskId\":\"" + sibling + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(400).body("errors.field", hasItem("upstreamTaskId"));

        // a county task may also implement a city's task (issue 21: a city plan imported by a county is an upstream plan)
        String cityPlan = post(notice("11_city_work_points.txt"), "").then().statusCode(201).extract().jsonPath()
                .getString("plans[0].id");
        String cityTask = (String) tasks(cityPlan).get(0).get("id");
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"upstreamTaskId\":\"" + cityTask + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(200)
                .body("upstreamTaskId", equalTo(cityTask)).body("upstreamConfirmed", equalTo(true));
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"upstreamTaskId\":\"" + second + "\"}")
                .put("/api/tasks/" + first + "/upstream").then().statusCode(200);
    }

    static String notice(String name) {
        try (var in = PlanImportTest.class.getResourceAsStream("/notices/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(6)
    void importingTheSameDocumentAgainAnswersTheExistingPlan() {
        long plans = count("select count(*) from plan");
        post(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE), "").then().statusCode(200).body("existing", equalTo(true))
                .body("plans[0].id", equalTo(county.getString("plans[0].id")))
                .body("report.notes[0]", containsString("imported before"));
        post(SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS), "").then().statusCode(200).body("existing", equalTo(true));
        assertEquals(plans, count("select count(*) from plan"));
    }

    @Test
    @Order(7)
    void aDryRunReportsWithoutSavingOrPublishing() {
        long plans = count("select count(*) from plan");
        long outbox = count("select count(*) from outbox_event");
        String changed = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).replace("中县政务公开办发〔2021〕8号", "中县政务公开办发〔2021〕9号");
        var dry = post(changed, "?dryRun=true").then().statusCode(200).body("dryRun", equalTo(true)).extract().jsonPath();
        assertEquals(List.of(32, 17), dry.getList("plans[0].annexes.taskCount", Integer.class));
        assertTrue(dry.getList("report.normalisations.what").contains("(十-) read as (十一)"));
        assertEquals(49, dry.getList("report.upstreamLinks").size(), "a dry run shows the links it would propose");
        assertEquals(plans, count("select count(*) from plan"));
        assertEquals(outbox, count("select count(*) from outbox_event"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/plans/" + dry.getString("plans[0].id")).then().statusCode(404);
    }

    /** The notice's tables as a Word document and an Excel workbook, built from the seed text's rows. */
    static List<List<String>> rows(List<Map<String, Object>> countyTasks, int from, int to) {
        List<SeedDocuments.NoticeRow> notice = SeedDocuments.noticeRows();
        List<List<String>> rows = new ArrayList<>();
        String section = null;
        for (int i = from; i < to; i++) {
            Map<String, Object> t = countyTasks.get(i);
            String s = (String) t.get("section");
            rows.add(List.of(s.equals(section) ? "" : s, notice.get(i).task(), notice.get(i).lead(), notice.get(i).responsible(),
                    String.valueOf(path(t, "deadline.phrase"))));
            section = s;
        }
        return rows;
    }

    static final List<String> HEADER = List.of("事项", "省重点任务", "牵头单位", "责任单位", "完成时限");

    static byte[] docx(List<List<String>> annex1, List<List<String>> annex2, String number) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); var out = new ByteArrayOutputStream()) {
            if (number != null) {
                doc.createParagraph().createRun().setText(number);
            }
            int n = 0;
            for (var rows : List.of(annex1, annex2)) {
                doc.createParagraph().createRun().setText("附件" + (++n));
                doc.createParagraph().createRun().setText(n == 1 ? "中方县贯彻落实《湖南省2021年政务管理服务工作要点》责任分工"
                        : "中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工");
                XWPFTable table = doc.createTable(rows.size() + 1, 5);
                List<List<String>> all = new ArrayList<>();
                all.add(HEADER);
                all.addAll(rows);
                for (int r = 0; r < all.size(); r++) {
                    XWPFTableRow row = table.getRow(r);
                    for (int c = 0; c < 5; c++) {
                        row.getCell(c).setText(all.get(r).get(c));
                    }
                }
            }
            doc.write(out);
            return out.toByteArray();
        }
    }

    static byte[] xlsx(List<List<String>> annex1, List<List<String>> annex2, int[] order, List<String> header) throws IOException {
        return xlsx(annex1, annex2, order, header, OTHER_NUMBER);
    }

    /** Another document number: the same tables under it are another notice, read in full (not the plan of test 1). */
    static final String OTHER_NUMBER = "中县政务公开办发〔2021〕99号";

    static byte[] xlsx(List<List<String>> annex1, List<List<String>> annex2, int[] order, List<String> header, String number)
            throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            int n = 0;
            for (var rows : List.of(annex1, annex2)) {
                XSSFSheet sheet = wb.createSheet("附件" + (++n));
                int top = 0;
                if (number != null && n == 1) {
                    sheet.createRow(top++).createCell(0).setCellValue(number);
                }
                sheet.createRow(top++).createCell(0).setCellValue(n == 1 ? "中方县贯彻落实《湖南省2021年政务管理服务工作要点》责任分工"
                        : "中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工");
                List<List<String>> all = new ArrayList<>();
                all.add(header);
                all.addAll(rows);
                for (int r = 0; r < all.size(); r++) {
                    var row = sheet.createRow(r + top);
                    for (int c = 0; c < order.length; c++) {
                        row.createCell(c).setCellValue(all.get(r).get(order[c]));
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    /** What a report says each task is: number, deadline phrase and kind, and each unit with its resolution. */
    static Set<String> essence(JsonPath report) {
        Set<String> lines = new HashSet<>();
        for (Map<String, Object> d : report.<Map<String, Object>> getList("report.deadlines")) {
            lines.add("D " + d.get("task") + " " + d.get("phrase") + " " + d.get("kind") + " " + d.get("dueAt"));
        }
        for (Map<String, Object> u : report.<Map<String, Object>> getList("report.units")) {
            lines.add("U " + u.get("task") + " " + u.get("role") + " " + u.get("text") + " " + u.get("outcome") + " " + u.get("unitId")
                    + " " + u.get("groupId"));
        }
        return lines;
    }

    @Test
    @Order(8)
    void theSameTablesAsDocxAndXlsxGiveTheSameTasksAndShuffledColumnsAreReadByTheirHeader() throws IOException {
        var countyTasks = tasks(county.getString("plans[0].id"));
        var annex1 = rows(countyTasks, 0, 32);
        var annex2 = rows(countyTasks, 32, 49);
        Set<String> expected = essence(county);

        // the same notice as Word and as Excel, without a document number: recognised as the plan of test 1
        post(docx(annex1, annex2, null), "").then().statusCode(200).body("existing", equalTo(true))
                .body("plans[0].id", equalTo(county.getString("plans[0].id")))
                .body("report.notes[0]", containsString("in another format"));
        post(xlsx(annex1, annex2, new int[] { 0, 1, 2, 3, 4 }, HEADER, null), "").then().statusCode(200)
                .body("existing", equalTo(true)).body("plans[0].id", equalTo(county.getString("plans[0].id")));

        // under another document number they are another notice, read in full: the same tasks, units and deadlines
        var fromDocx = post(docx(annex1, annex2, OTHER_NUMBER), "?dryRun=true").then().statusCode(200).extract().jsonPath();
        assertEquals("DOCX", fromDocx.getString("report.format"));
        assertEquals(List.of(32, 17), fromDocx.getList("plans[0].annexes.taskCount", Integer.class));
        assertEquals(expected, essence(fromDocx));

        var fromXlsx = post(xlsx(annex1, annex2, new int[] { 0, 1, 2, 3, 4 }, HEADER), "?dryRun=true").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("XLSX", fromXlsx.getString("report.format"));
        assertEquals(expected, essence(fromXlsx));

        int[] shuffled = { 4, 2, 0, 3, 1 }; // 完成时限 | 牵头单位 | 事项 | 责任单位 | 省重点任务
        var fromShuffled = post(xlsx(annex1, annex2, shuffled, HEADER), "?dryRun=true").then().statusCode(200).extract().jsonPath();
        assertEquals(expected, essence(fromShuffled));

        List<String> noLead = List.of("事项", "省重点任务", "主办", "责任单位", "完成时限");
        post(xlsx(annex1, annex2, shuffled, noLead), "").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("column")).body("detail", containsString("牵头单位"));
    }

    @Test
    @Order(9)
    void whenUnitServiceIsUnreachableTheImportFailsWith503AndSavesNothing() {
        long plans = count("select count(*) from plan");
        long tasks = count("select count(*) from task");
        String changed = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).replace("中县政务公开办发〔2021〕8号", "中县政务公开办发〔2021〕10号");
        ResolveFixtureServer.stopServer();
        try {
            post(changed, "").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", containsString("unit-service")).body("dependency", equalTo("unit-service"));
        } finally {
            ResolveFixtureServer.restart();
        }
        assertEquals(plans, count("select count(*) from plan"));
        assertEquals(tasks, count("select count(*) from task"));
    }

    @Test
    @Order(10)
    void badDocumentsAreRefusedWithAProblemNamingTheLineOrFieldAndNothingIsSaved() {
        long plans = count("select count(*) from plan");
        post(new byte[0], "").then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        post("   \n\n  ", "").then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        post("关于加强机关食堂管理的通知\n\n各单位：请节约粮食。\n", "").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("document")).body("detail", containsString("not a responsibility table"));

        String notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE);
        int at = notice.indexOf("\t2021年底");
        String badMonth = notice.substring(0, at) + "\t2021年13月" + notice.substring(at + "\t2021年底".length());
        int line = (int) notice.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        post(badMonth, "").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("deadline")).body("detail", containsString("2021年13月"))
                .body("line", equalTo(line - 4)); // the row starts at its section cell, four cells above the deadline

        byte[] huge = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        // the limit answers before the body is read and closes the connection: a client that sends the whole body
        // first would see a reset, so this one asks first (Expect: 100-continue); UploadLimitTest sends without asking
        given().auth().oauth2(Tokens.supervisor()).contentType(TEXT).header("Expect", "100-continue").body(huge)
                .when().post("/api/plans/import").then().statusCode(413).contentType("application/problem+json").body("limit", equalTo(5 * 1024 * 1024));

        String truncated = notice.substring(0, notice.indexOf("\t县政务服务中心") + 1);
        post(truncated, "").then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("row"));
        assertEquals(plans, count("select count(*) from plan"));
    }

    @Test
    @Order(11)
    void leadersReadEverythingUnitOfficersOnlyTheirUnitsWorkAndOnlySupervisorsImport() {
        String planId = county.getString("plans[0].id");
        // the county notice, the two provincial work points and the city's (test 5)
        given().auth().oauth2(Tokens.leader()).get("/api/plans").then().statusCode(200).body("size()", equalTo(4));
        assertEquals(49, given().auth().oauth2(Tokens.leader()).get("/api/tasks?planId=" + planId).then().statusCode(200)
                .extract().jsonPath().getList("$").size());

        List<Map<String, Object>> own = given().auth().oauth2(Tokens.officerOf(JYJ)).get("/api/tasks?limit=1000").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertFalse(own.isEmpty());
        assertTrue(own.size() < 49, "only the tasks of 县教育局: " + own.size());
        Set<String> assignedTasks = given().auth().oauth2(Tokens.officerOf(JYJ)).get("/api/assignments?unitId=" + JYJ).then()
                .statusCode(200).extract().jsonPath().getList("taskId", String.class).stream().collect(Collectors.toSet());
        assertTrue(own.stream().allMatch(t -> assignedTasks.contains(t.get("id"))), "each task is assigned to 县教育局");
        assertTrue(own.stream().anyMatch(t -> names(t, "responsibleUnits").contains("县教育局")));
        given().auth().oauth2(Tokens.officerOf(JYJ)).get("/api/tasks?unitId=" + ZWFWZX).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.officerOf(JYJ)).get("/api/plans").then().statusCode(200).body("size()", equalTo(1));
        given().auth().oauth2(Tokens.officerOf(JYJ)).get("/api/plans/" + provincial.getString("plans[0].id")).then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(JYJ)).contentType(TEXT).body(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE))
                .post("/api/plans/import").then().statusCode(403);
        given().auth().oauth2(Tokens.leader()).contentType(TEXT).body(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE))
                .post("/api/plans/import").then().statusCode(403);
        given().contentType(TEXT).body("x").post("/api/plans/import").then().statusCode(401);
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String dotted) {
        Object at = map;
        for (String key : dotted.split("\\.")) {
            at = ((Map<String, Object>) at).get(key);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    @Test
    @Order(12)
    void aPlanImportedAfterItsDeadlinesAnnouncesEachNewAssignmentsMissOnce() {
        // as in service, where the watcher sweeps every minute: its mark is now, and the 2021 deadlines lie behind it
        count("with u as (update deadline_watch set swept_until = now() returning 1) select count(*) from u");
        String doc = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).replace("中县政务公开办发〔2021〕8号", "中县政务公开办发〔2021〕98号");
        String planId = post(doc, "").then().statusCode(201).extract().path("plans[0].id");
        String ofPlan = "aggregate_id in (select cast(id as text) from task where plan_id = '" + planId + "')";

        long dated = count("""
                select count(*) from assignment a join task t on t.id = a.task_id
                where t.plan_id = '%s' and a.due_at is not null""".formatted(planId));
        assertTrue(dated > 0);
        assertEquals(dated, count("select count(*) from outbox_event_each where type = 'duban.task.deadline-missed.v1'"
                + " and cast(payload as jsonb) ->> 'dueKind' = 'FINAL' and " + ofPlan), "one FINAL miss per assignment with a date");
        long fourteenLeads = count("""
                select count(*) from assignment a join task t on t.id = a.task_id join section s on s.id = t.section_id
                join annex x on x.id = s.annex_id
                where t.plan_id = '%s' and x.label = '附件1' and t.number = '（十四）' and a.role = 'LEAD'""".formatted(planId));
        assertTrue(fourteenLeads > 0, "(十四) has its lead units, and its milestone of 130 by the end of 2021 is missed");
        long leadMilestones = count("""
                select count(*) from assignment a join milestone m on m.task_id = a.task_id join task t on t.id = a.task_id
                where t.plan_id = '%s' and a.role = 'LEAD' and m.status = 'CONFIRMED' and m.due_at is not null""".formatted(planId));
        assertTrue(leadMilestones >= fourteenLeads);
        assertEquals(leadMilestones, count("select count(*) from outbox_event_each where type = 'duban.task.deadline-missed.v1'"
                + " and cast(payload as jsonb) ->> 'dueKind' = 'MILESTONE' and " + ofPlan),
                "one MILESTONE miss per lead assignment and confirmed dated milestone, whichever assignment came first");
        assertEquals(0, count("select count(*) from outbox_event_each where type = 'duban.task.deadline-approaching.v1' and "
                + ofPlan), "no reminder for what is already missed");
    }

    @Test
    @Order(20)
    void theImporterAsksUnitServiceAtMostEightNamesAtOnceAndWaitsOutItsLoadShedding() {
        // unit-service answers 503 past 48 requests in flight; the county notice has about 50 distinct unit cells
        // a number of its own, or the importer answers with the plan imported above without asking unit-service
        String notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).replace("〔2021〕8号", "〔2021〕97号");
        ResolveFixtureServer.watchLoad(8);
        try {
            post(notice, "?dryRun=true").then().statusCode(200);
            int peak = ResolveFixtureServer.PEAK_IN_FLIGHT.get();
            assertTrue(peak <= 8, "at most duban.importer.resolve-concurrency (8) resolve calls at once, saw " + peak);
            assertTrue(peak > 1, "the calls still overlap, saw " + peak);
        } finally {
            ResolveFixtureServer.watchLoad(0);
        }

        ResolveFixtureServer.SHED_NEXT.set(5);
        int before = ResolveFixtureServer.CALLS.get();
        post(notice, "?dryRun=true").then().statusCode(200).body("plans[0].taskCount", equalTo(49));
        assertEquals(0, ResolveFixtureServer.SHED_NEXT.get(), "every shed call was asked again");
        assertTrue(ResolveFixtureServer.CALLS.get() - before >= 5 + 40, "the five refused calls were asked again");
    }
}
