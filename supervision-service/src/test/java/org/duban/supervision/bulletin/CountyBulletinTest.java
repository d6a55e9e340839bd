package org.duban.supervision.bulletin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskCompleted;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.CountyNoticeFixture;
import org.duban.supervision.CountyNoticeFixture.Assignment;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The county notice imported, the clock moved past 2021-12-31 with only some units done: the bulletin names exactly
 * the units with overdue assignments and its rates are the hand-counted ones; one red card per missed deadline even
 * when the event is delivered twice; catching up turns red into yellow.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class CountyBulletinTest {

    private static final Instant DETECTED = Instant.parse("2022-01-01T00:00:30Z");
    /** An ISO date-time in prose, as 2021-12-31T15:59:59Z: never shown to people. */
    private static final java.util.regex.Pattern ISO_INSTANT = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d");
    private final TestClock clock = new TestClock(Instant.parse("2022-01-05T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static JsonPath overview(UUID planId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/overview?planId=" + planId).then().statusCode(200).extract()
                .jsonPath();
    }

    private static List<Map<String, Object>> cards(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    @Test
    void theBulletinNamesExactlyTheUnitsWithOverdueWorkAndCardsFollowTheDeadlines() throws Exception {
        CountyNoticeFixture notice = new CountyNoticeFixture();
        notice.publish();
        // every other unit finished its work on time; the rest let the deadline pass (task-service's watcher says so)
        List<UUID> unitIds = List.copyOf(notice.units.values());
        Set<UUID> diligent = unitIds.stream().filter(u -> unitIds.indexOf(u) % 2 == 0).collect(Collectors.toSet());
        Map<UUID, UUID> missEventIds = new HashMap<>();
        for (Assignment a : notice.assignments) {
            if (a.dueAt() == null) {
                continue;
            }
            if (diligent.contains(a.unitId())) {
                TopicProbe.publish(new ProgressReported(UUID.randomUUID(), a.assignmentId(), a.taskId(), a.unitId(), 100, "已完成",
                        Instant.parse("2021-12-10T02:00:00Z"), "2021-Q4", false), "task-service");
                TopicProbe.publish(new TaskCompleted(a.assignmentId(), a.taskId(), a.unitId(), a.dueAt(), true, false,
                        Instant.parse("2021-12-20T02:00:00Z")), "task-service");
            } else {
                missEventIds.put(a.assignmentId(), TopicProbe.publish(new DeadlineMissed(a.assignmentId(), a.taskId(), a.unitId(),
                        a.dueAt(), DETECTED), "task-service"));
            }
        }
        // hand count from the fixture
        List<Assignment> due = notice.assignments.stream().filter(a -> a.dueAt() != null).toList();
        List<Assignment> overdue = due.stream().filter(a -> !diligent.contains(a.unitId())).toList();
        long onTime = due.size() - overdue.size();
        Set<UUID> lagging = overdue.stream().map(Assignment::unitId).collect(Collectors.toSet());
        assertTrue(!lagging.isEmpty() && lagging.size() < notice.units.size(), "the fixture has both kinds of unit");

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonPath o = overview(notice.planId);
            return o.getInt("total.assignments") == notice.assignments.size() && o.getInt("total.red") == overdue.size()
                    && o.getInt("total.completed") == onTime;
        });
        JsonPath board = overview(notice.planId);
        assertEquals(2, board.getList("sections").size());
        // sections as printed, with the annex and the 、 after the numeral (task-service sends the numeral alone)
        assertEquals(List.of("附件1 一、政务管理服务", "附件2 二、政务公开"), board.getList("sections.name"));
        assertEquals(lagging.size(), given().auth().oauth2(Tokens.leader()).get("/api/overview?planId=" + notice.planId + "&light=RED")
                .then().statusCode(200).extract().jsonPath().getList("units").size());

        // one red card per missed deadline, also when the same event is delivered again
        // a unit with at least two missed deadlines (two red cards in one quarter: a referral follows)
        Assignment redelivered = overdue.stream()
                .filter(a -> overdue.stream().filter(b -> b.unitId().equals(a.unitId())).count() >= 2).findFirst().orElseThrow();
        UUID unit = redelivered.unitId();
        long missedOfUnit = overdue.stream().filter(a -> a.unitId().equals(unit)).count();
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).stream().filter(c -> "RED".equals(c.get("color"))).count()
                == missedOfUnit);
        DeadlineMissed again = new DeadlineMissed(redelivered.assignmentId(), redelivered.taskId(), unit, redelivered.dueAt(), DETECTED);
        TopicProbe.publish(Topics.TASK_EVENTS, again.aggregateId(), EventType.of(again).type(),
                missEventIds.get(redelivered.assignmentId()), EventJson.write(again), "task-service");
        // a later event on the same task (same partition) shows the duplicate has been read
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), redelivered.assignmentId(), redelivered.taskId(), unit, 30, "正在推进",
                DETECTED.plusSeconds(60)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> unitLights(unit).stream()
                .anyMatch(l -> l.get("assignmentId").equals(redelivered.assignmentId().toString())
                        && ((Number) l.get("percentComplete")).intValue() == 30));
        assertEquals(missedOfUnit, cards(unit).stream().filter(c -> "RED".equals(c.get("color"))).count());
        assertEquals("RED", lightOf(unit, redelivered.assignmentId()));

        // the bulletin over the fourth quarter of 2021
        JsonPath bulletin = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("periodStart", "2021-10-01", "periodEnd", "2021-12-31", "planId", notice.planId.toString()))
                .post("/api/bulletins").then().statusCode(201).extract().jsonPath();
        assertEquals(notice.tasks, bulletin.getInt("figures.tasks"));
        assertEquals(notice.assignments.size(), bulletin.getInt("figures.assignments"));
        assertEquals(due.size(), bulletin.getInt("figures.due"));
        assertEquals(onTime, bulletin.getLong("figures.onTime"));
        assertEquals(overdue.size(), bulletin.getInt("figures.overdue"));
        assertEquals(Math.round(onTime * 1000.0 / due.size()) / 10.0, bulletin.getDouble("figures.onTimeRate"));
        assertEquals(Math.round(onTime * 1000.0 / notice.assignments.size()) / 10.0, bulletin.getDouble("figures.completionRate"));
        List<String> named = bulletin.getList("figures.lagging.unitId");
        assertEquals(lagging.stream().map(UUID::toString).collect(Collectors.toSet()), Set.copyOf(named));
        assertEquals(overdue.size(), bulletin.getList("figures.lagging.items.flatten()").size());
        List<Double> ranking = bulletin.getList("figures.units.onTimeRate", Double.class).stream()
                .filter(r -> r != null).toList();
        for (int i = 1; i < ranking.size(); i++) {
            assertTrue(ranking.get(i - 1) >= ranking.get(i), "ranked by on-time rate");
        }
        String laggingName = notice.units.entrySet().stream().filter(e -> e.getValue().equals(unit)).findFirst().orElseThrow().getKey();
        assertTrue(bulletin.getString("text").contains(laggingName), "the draft names the lagging unit");
        // correct Chinese (issue 22): the cumulative count says 截至, the period's own 本期; dates as people write them
        String text = bulletin.getString("text");
        assertTrue(text.contains("截至2021年12月31日累计到期 " + due.size() + " 件（其中本期到期 "), text);
        assertFalse(text.contains("期内到期"), text);
        assertTrue(java.util.regex.Pattern.compile("附件[12][（(]").matcher(text).find(), "task numbers carry their annex: " + text);
        assertFalse(ISO_INSTANT.matcher(text).find(), text);
        assertEquals("关于2021年10月1日至2021年12月31日工作推进情况的通报", bulletin.getString("title"));
        // cards of the period: the red cards were detected on 2022-01-01, outside the fourth quarter
        assertEquals(0, bulletin.getInt("figures.redCards"));

        // export: the ranking sheet has one line per unit; the printable page names the unit
        String id = bulletin.getString("bulletinId");
        byte[] xlsx = given().auth().oauth2(Tokens.leader()).get("/api/bulletins/" + id + "/export.xlsx").then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals(bulletin.getList("figures.units").size(), wb.getSheet("单位排名").getLastRowNum());
            assertEquals(overdue.size(), wb.getSheet("滞后事项").getLastRowNum());
        }
        String draftPage = given().auth().oauth2(Tokens.leader()).get("/api/bulletins/" + id + "/export.html").then().statusCode(200)
                .extract().asString();
        assertTrue(draftPage.contains(laggingName));
        assertTrue(draftPage.contains("（草稿，未发布）") && draftPage.contains("县人民政府督查室"), "a draft says so and shows the 落款");

        // the supervisor edits and publishes; then it is immutable
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", "关于2021年第四季度工作推进情况的通报", "text", bulletin.getString("text") + "\n请各单位对照整改。",
                        "documentNumber", "中督通〔2022〕1号"))
                .put("/api/bulletins/" + id).then().statusCode(200).body("documentNumber", equalTo("中督通〔2022〕1号"));
        given().auth().oauth2(Tokens.supervisor()).post("/api/bulletins/" + id + "/publish").then().statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        var published = TopicProbe.await(Topics.SUPERVISION_EVENTS, r -> r.key().equals(id), Duration.ofSeconds(30));
        assertTrue(published.value().contains(unit.toString()), "BulletinPublished lists the lagging units");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("text", "改过的"))
                .put("/api/bulletins/" + id).then().statusCode(409).contentType("application/problem+json")
                .body("state", equalTo("PUBLISHED"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/bulletins/" + id).then().statusCode(200)
                .body("title", equalTo("关于2021年第四季度工作推进情况的通报"));
        // the export is laid out as a 通报: 文号 above the title, the body, then 落款 and the day of publication
        String page = given().auth().oauth2(Tokens.leader()).get("/api/bulletins/" + id + "/export.html").then().statusCode(200)
                .extract().asString();
        int number = page.indexOf("中督通〔2022〕1号"), title = page.indexOf("<h1>关于2021年第四季度工作推进情况的通报</h1>"),
                issuer = page.lastIndexOf("县人民政府督查室"), day = page.lastIndexOf("2022年1月5日");
        assertTrue(number > 0 && number < title && title < issuer && issuer < day, page);
        assertFalse(page.contains("PUBLISHED") || page.contains("草稿") || ISO_INSTANT.matcher(page).find(), page);

        // the unit catches up: red turns yellow, not green, and its red card is lifted
        TopicProbe.publish(new DeadlineRecovered(redelivered.assignmentId(), redelivered.taskId(), unit, redelivered.dueAt(), "FINAL",
                "REPORTED", DETECTED.plusSeconds(3600)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "YELLOW".equals(lightOf(unit, redelivered.assignmentId())));
        Map<String, Object> card = cards(unit).stream()
                .filter(c -> redelivered.assignmentId().toString().equals(c.get("assignmentId"))).findFirst().orElseThrow();
        assertNotNull(card.get("liftedAt"));
        TopicProbe.await(Topics.SUPERVISION_EVENTS, r -> r.key().equals(unit.toString())
                && EventType.WARNING_LIFTED.type().equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30));

        // scores over a period that holds the red cards: item by item, from the configured defaults
        UUID diligentUnit = due.stream().map(Assignment::unitId).filter(diligent::contains).findFirst().orElseThrow();
        String period = "periodStart=2021-10-01&periodEnd=2022-01-31&planId=" + notice.planId;
        given().auth().oauth2(Tokens.officerOf(diligentUnit)).get("/api/scores/units/" + diligentUnit + "?" + period).then()
                .statusCode(200).body("score", equalTo(100.0f));
        given().auth().oauth2(Tokens.officerOf(diligentUnit)).get("/api/scores/units/" + unit + "?" + period).then().statusCode(403);
        JsonPath score = given().auth().oauth2(Tokens.leader()).get("/api/scores/units/" + unit + "?" + period).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(40.0 - 5.0 * missedOfUnit, score.getDouble("score"), 0.001);
        assertEquals(List.of("base", "on-time-rate", "red-cards"), score.getList("items.rule"));
        assertEquals((double) missedOfUnit, score.getDouble("items[2].quantity"), 0.001);
        byte[] scoreSheet = given().auth().oauth2(Tokens.leader()).get("/api/scores/export.xlsx?" + period).then().statusCode(200)
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(scoreSheet))) {
            assertEquals(bulletin.getList("figures.units").size(), wb.getSheet("考核").getLastRowNum());
        }

        // two red cards in one quarter: a referral file is drafted for the unit
        String referral = given().auth().oauth2(Tokens.supervisor()).get("/api/referrals?unitId=" + unit).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].rule", equalTo("red-cards-in-quarter")).body("[0].quarter", equalTo("2022-Q1"))
                .body("[0].warningIds.size()", equalTo((int) missedOfUnit)).body("[0].state", equalTo("DRAFTED"))
                // the basis counts the cards the file lists, however many came after the rule's first two
                .body("[0].basis", equalTo("2022年第一季度内红牌 " + missedOfUnit + " 张（规则：同一季度内红牌达 2 张即起草问责材料）"))
                .extract().path("[0].referralId");
        given().auth().oauth2(Tokens.leader()).post("/api/referrals/" + referral + "/refer").then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("note", "约谈"))
                .post("/api/referrals/" + referral + "/decide").then().statusCode(409).body("state", equalTo("DRAFTED"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("note", "移送县纪委监委"))
                .post("/api/referrals/" + referral + "/refer").then().statusCode(200).body("state", equalTo("REFERRED"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("note", "对主要负责人诫勉谈话"))
                .post("/api/referrals/" + referral + "/decide").then().statusCode(200).body("state", equalTo("DECIDED"))
                .body("decision", equalTo("对主要负责人诫勉谈话")).body("history.state", hasItems("DRAFTED", "REFERRED", "DECIDED"));

        // enough red cards take the score to its floor (0): the floor is an item, so the items still add up to the score
        assertEquals("红牌 " + missedOfUnit + " 张，每张扣 5 分", score.getString("items[2].basis"));
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                    .body(Map.of("unitId", unit.toString(), "color", "RED", "reason", "督查发现台账缺失第" + (i + 1) + "项"))
                    .post("/api/warnings").then().statusCode(201);
        }
        JsonPath floored = given().auth().oauth2(Tokens.leader()).get("/api/scores/units/" + unit + "?" + period).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(0.0, floored.getDouble("score"), 0.001);
        List<Float> points = floored.getList("items.points", Float.class);
        assertEquals("floor", floored.getString("items[-1].rule"));
        assertEquals(0.0, points.stream().mapToDouble(Float::doubleValue).sum(), 0.05);
    }

    private static List<Map<String, Object>> unitLights(UUID unit) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/overview/units/" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    private static String lightOf(UUID unit, UUID assignment) {
        return unitLights(unit).stream().filter(l -> l.get("assignmentId").equals(assignment.toString())).findFirst()
                .map(l -> (String) l.get("light")).orElse(null);
    }

    @Test
    void aBulletinNeedsAProperPeriodAndAManualCardAReason() {
        int before = given().auth().oauth2(Tokens.supervisor()).get("/api/bulletins").then().statusCode(200).extract().path("size()");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("periodStart", "2021-12-31", "periodEnd", "2021-10-01")).post("/api/bulletins")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("periodEnd"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("periodStart", "2021-10-01"))
                .post("/api/bulletins").then().statusCode(400).body("errors[0].field", equalTo("periodEnd"));
        assertEquals(before, (int) given().auth().oauth2(Tokens.supervisor()).get("/api/bulletins").then().extract().path("size()"));

        UUID unit = UUID.randomUUID();
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "RED", "reason", " ")).post("/api/warnings")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("reason"));
        assertEquals(0, cards(unit).size());
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "RED", "reason", "自评")).post("/api/warnings").then().statusCode(403);

        // a card names a unit the unit replica knows (issue 22): unknown, 400 naming unitId; known, the card is given
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "YELLOW", "reason", "督查中发现台账不全")).post("/api/warnings")
                .then().statusCode(400).body("errors[0].field", equalTo("unitId"));
        TopicProbe.publish(UnitSnapshots.active(unit, 1, "县档案馆"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        String card = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "YELLOW", "reason", "督查中发现台账不全")).post("/api/warnings")
                .then().statusCode(201).body("rule", equalTo(null)).extract().path("warningId");
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).post("/api/warnings/" + card + "/acknowledge").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).post("/api/warnings/" + card + "/acknowledge").then().statusCode(200);
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/warnings?unitId=" + unit).then().statusCode(200)
                .body("[0].reason", equalTo("督查中发现台账不全"));
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/warnings").then().statusCode(400);
        TopicProbe.await(Topics.SUPERVISION_EVENTS, r -> r.key().equals(unit.toString())
                && EventType.WARNING_ISSUED.type().equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30));
    }
}
