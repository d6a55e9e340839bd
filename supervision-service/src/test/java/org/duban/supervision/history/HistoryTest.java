package org.duban.supervision.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.unit.UnitReplica;
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

/**
 * Issue 20 (supervision part): card lifts, findings and their responses, rectification reports and close/reopen,
 * bulletin edits and publication keep their history with the actor instead of overwriting it; the history table refuses
 * UPDATE and DELETE.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class HistoryTest {

    private final TestClock clock = new TestClock(Instant.parse("2022-02-10T02:00:00Z"));

    @Inject
    EntityManager em;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aCardKeepsWhoIssuedAcknowledgedAndLiftedIt() {
        UUID unit = knownUnit("县市场监督管理局");
        String card = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "YELLOW", "reason", "食品抽检台账不全")).post("/api/warnings").then()
                .statusCode(201).extract().path("warningId");
        given().auth().oauth2(Tokens.officerOf(unit)).post("/api/warnings/" + card + "/acknowledge").then().statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("reason", "台账已补齐"))
                .post("/api/warnings/" + card + "/lift").then().statusCode(200);
        List<Map<String, Object>> steps = history(Tokens.officerOf(unit), "/api/warnings/" + card + "/history");
        assertEquals(List.of("ISSUED", "ACKNOWLEDGED", "LIFTED"), steps.stream().map(s -> s.get("action")).toList());
        assertEquals(List.of("supervisor", "officer-" + unit, "supervisor"), steps.stream().map(s -> s.get("actor")).toList());
        assertEquals(unit.toString(), steps.get(1).get("actorUnit"));
        assertEquals("台账已补齐", ((Map<?, ?>) steps.get(2).get("after")).get("reason"));
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/warnings/" + card + "/history").then().statusCode(403);
    }

    @Test
    void responsesAndRectificationReportsAreKeptNotOverwritten() {
        UUID unit = knownUnit("县卫生健康局");
        String inspection = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", "医疗机构专项督查", "kind", "REGULAR", "startsAt", "2022-02-10T01:00:00Z", "unitIds", List.of(unit.toString())))
                .post("/api/inspections").then().statusCode(201).extract().path("inspectionId");
        Map<String, Object> finding = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "院感台账缺失",
                        "rectification", Map.of("requirement", "补建院感台账", "dueAt", "2022-03-01T01:00:00Z")))
                .post("/api/inspections/" + inspection + "/findings").then().statusCode(201).extract().jsonPath().getMap("$");
        String findingId = (String) finding.get("findingId");
        String rect = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/rectifications?unitId=" + unit).then().statusCode(200)
                .extract().path("[0].rectificationId");

        respond(unit, findingId, "已安排整改");
        clock.advance(Duration.ofHours(1));
        respond(unit, findingId, "已完成台账补建");
        List<Map<String, Object>> findingSteps = history(Tokens.supervisor(), "/api/findings/" + findingId + "/history");
        assertEquals(List.of("RECORDED", "RESPONDED", "RESPONDED"), findingSteps.stream().map(s -> s.get("action")).toList());
        assertEquals("已安排整改", ((Map<?, ?>) findingSteps.get(2).get("before")).get("response"), "the first response is kept");
        assertEquals("officer-" + unit, findingSteps.get(1).get("actor"));

        report(unit, rect, "台账初稿已建");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("close", false, "note", "缺少签字"))
                .post("/api/rectifications/" + rect + "/review").then().statusCode(200);
        report(unit, rect, "台账已补签");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("close", true, "note", "合格"))
                .post("/api/rectifications/" + rect + "/review").then().statusCode(200);
        List<Map<String, Object>> steps = history(Tokens.officerOf(unit), "/api/rectifications/" + rect + "/history");
        assertEquals(List.of("ORDERED", "REPORTED", "REOPENED", "REPORTED", "CLOSED"), steps.stream().map(s -> s.get("action")).toList());
        assertEquals("台账初稿已建", ((Map<?, ?>) steps.get(3).get("before")).get("report"), "the first report is kept");
        assertEquals("缺少签字", ((Map<?, ?>) steps.get(2).get("after")).get("note"));
        assertEquals("supervisor", steps.get(4).get("actor"));
    }

    @Test
    void everyBulletinVersionAndItsPublicationAreKept() {
        String id = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("periodStart", "2022-01-01", "periodEnd", "2022-01-31")).post("/api/bulletins").then().statusCode(201).extract()
                .path("bulletinId");
        edit(id, "第一稿", "正文一");
        edit(id, "第二稿", "正文二");
        given().auth().oauth2(Tokens.supervisor()).post("/api/bulletins/" + id + "/publish").then().statusCode(200);
        List<Map<String, Object>> steps = history(Tokens.leader(), "/api/bulletins/" + id + "/history");
        assertEquals(List.of("DRAFTED", "EDITED", "EDITED", "PUBLISHED"), steps.stream().map(s -> s.get("action")).toList());
        assertEquals("正文一", ((Map<?, ?>) steps.get(2).get("before")).get("text"));
        assertEquals("第二稿", ((Map<?, ?>) steps.get(3).get("after")).get("title"));
        assertEquals("supervisor", steps.get(3).get("actor"));
    }

    @Test
    void theHistoryCannotBeRewritten() {
        everyBulletinVersionAndItsPublicationAreKept();
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("update supervision_history set actor = 'someone else'").executeUpdate()));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("delete from supervision_history").executeUpdate()));
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from supervision_history where actor = 'someone else'").getSingleResult()).longValue());
        assertEquals(0, rows);
    }

    private static void edit(String bulletin, String title, String text) {
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("title", title, "text", text))
                .put("/api/bulletins/" + bulletin).then().statusCode(200).body("text", equalTo(text));
    }

    private static void respond(UUID unit, String finding, String text) {
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/api/findings/" + finding + "/response").then().statusCode(200);
    }

    private static void report(UUID unit, String rect, String text) {
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/api/rectifications/" + rect + "/report").then().statusCode(200);
    }

    private static List<Map<String, Object>> history(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static UUID knownUnit(String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }
}
