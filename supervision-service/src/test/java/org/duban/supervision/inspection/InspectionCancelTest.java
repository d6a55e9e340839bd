package org.duban.supervision.inspection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.supervision.InspectionCancelled;
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
import io.restassured.response.Response;

/**
 * Issue 22: a scheduled inspection is cancelled with a reason: CANCELLED, in its history with who and why, announced
 * once (InspectionCancelled, for notification-service to tell the units), and it takes no findings afterwards. A second
 * cancel, or the cancel of an inspection that already has findings, is a 409 naming the state.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class InspectionCancelTest {

    private static final Instant NOW = Instant.parse("2022-01-10T02:00:00Z");
    private static final Instant STARTS = Instant.parse("2022-01-15T01:00:00Z");
    private final TestClock clock = new TestClock(NOW);

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aCancelledInspectionIsAnnouncedOnceKeptInItsHistoryAndTakesNoFindings() {
        UUID unit = known("县教育局");
        String id = schedule(unit, "第一季度重点任务督查");

        cancel(Tokens.supervisor(), id, "{}").then().statusCode(400).body("errors[0].field", equalTo("reason"));
        cancel(Tokens.supervisor(), id, "{\"reason\": \"" + "长".repeat(2001) + "\"}").then().statusCode(400);
        cancel(Tokens.officerOf(unit), id, "{\"reason\": \"与市级督查时间冲突\"}").then().statusCode(403);
        cancel(Tokens.supervisor(), UUID.randomUUID().toString(), "{\"reason\": \"与市级督查时间冲突\"}").then().statusCode(404);

        cancel(Tokens.supervisor(), id, "{\"reason\": \"与市级督查时间冲突\"}").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancelReason", equalTo("与市级督查时间冲突"));
        Response again = cancel(Tokens.supervisor(), id, "{\"reason\": \"重复提交\"}");
        assertEquals(409, again.statusCode(), again.asString());
        assertEquals("CANCELLED", again.path("state"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/inspections/" + id).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));

        // the day it was to start: no findings on a cancelled inspection
        clock.set(STARTS.plusSeconds(3600));
        Response finding = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "台账不全")).post("/api/inspections/" + id + "/findings");
        assertEquals(409, finding.statusCode(), finding.asString());
        assertEquals("CANCELLED", finding.path("state"));

        List<String> actions = given().auth().oauth2(Tokens.supervisor()).get("/api/inspections/" + id + "/history").then()
                .statusCode(200).extract().path("action");
        assertEquals(List.of("SCHEDULED", "CANCELLED"), actions);
        Map<String, Object> cancelled = given().auth().oauth2(Tokens.supervisor()).get("/api/inspections/" + id + "/history").then()
                .extract().path("find { it.action == 'CANCELLED' }");
        assertTrue(String.valueOf(cancelled.get("actor")).contains("supervisor"), cancelled.toString());
        assertEquals("与市级督查时间冲突", ((Map<?, ?>) cancelled.get("after")).get("reason"));

        var records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.SUPERVISION_EVENTS,
                r -> id.equals(r.key()) && EventType.INSPECTION_CANCELLED.type().equals(TopicProbe.header(r, "ce_type")),
                Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertEquals(1, records.size(), "announced once");
        InspectionCancelled event = EventJson.read(records.get(0).value(), InspectionCancelled.class);
        assertEquals("与市级督查时间冲突", event.reason());
        assertEquals(true, event.announced());
        assertEquals(List.of(unit), event.unitIds());
        assertEquals(STARTS, event.startsAt());
    }

    @Test
    void anInspectionWithFindingsIsNotCancelled() {
        UUID unit = known("县卫生健康局");
        String id = schedule(unit, "医疗机构安全生产督查");
        clock.set(STARTS.plusSeconds(3600));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("unitId", unit.toString(), "text", "消防通道堵塞"))
                .post("/api/inspections/" + id + "/findings").then().statusCode(201);
        Response refused = cancel(Tokens.supervisor(), id, "{\"reason\": \"改期\"}");
        assertEquals(409, refused.statusCode(), refused.asString());
        assertEquals("SCHEDULED", refused.path("state"));
        assertEquals(1, ((Number) refused.path("findings")).intValue());
    }

    private static UUID known(String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }

    private static String schedule(UUID unit, String title) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "kind", "REGULAR", "startsAt", STARTS.toString(), "unitIds", List.of(unit.toString())))
                .post("/api/inspections").then().statusCode(201).body("status", equalTo("SCHEDULED")).extract().path("inspectionId");
    }

    private static Response cancel(String token, String id, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/inspections/" + id + "/cancel");
    }
}
