package org.duban.supervision.inspection;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.task.TaskAssigned;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.status.AssignmentStatus;
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

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class InspectionTest {

    private final TestClock clock = new TestClock(Instant.parse("2022-01-10T02:00:00Z"));

    @Inject
    RectificationWatcher watcher;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void anUnannouncedInspectionIsNotToldBeforeItStartsAndItsRectificationIsWatched() {
        UUID unit = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID taskUnit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Instant startsAt = Instant.parse("2022-01-15T01:00:00Z");
        // a unit in scope through a task: its assignment is known from the task events
        TopicProbe.publish(new TaskAssigned(UUID.randomUUID(), task, "政务公开专栏", taskUnit, "LEAD", null,
                Instant.parse("2021-07-23T02:00:00Z")), "task-service");
        // an inspection names units the unit replica knows and tasks the read model knows (issue 22)
        TopicProbe.publish(UnitSnapshots.active(unit, 1, "县政务服务中心"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.findById(unit) != null && AssignmentStatus.count("taskId", task) > 0));

        String id = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("title", "政务公开专项暗访", "kind", "UNANNOUNCED", "startsAt", startsAt.toString(),
                        "unitIds", List.of(unit.toString()), "taskIds", List.of(task.toString()),
                        "checklist", List.of("专栏是否更新", "台账是否齐全")))
                .post("/api/inspections").then().statusCode(201).body("announced", equalTo(false)).extract().path("inspectionId");

        // before the start only InspectionScheduled exists about it, flagged unannounced
        var about = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.SUPERVISION_EVENTS,
                r -> id.equals(r.key()), Duration.ofSeconds(3), Duration.ofSeconds(20));
        assertEquals(1, about.size());
        assertEquals(EventType.INSPECTION_SCHEDULED.type(), TopicProbe.header(about.get(0), "ce_type"));
        InspectionScheduled scheduled = EventJson.read(about.get(0).value(), InspectionScheduled.class);
        assertEquals(false, scheduled.announced());
        assertEquals("UNANNOUNCED", scheduled.kind());
        assertEquals(startsAt, scheduled.startsAt());
        // and nothing can be recorded about it before it starts
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "专栏未更新")).post("/api/inspections/" + id + "/findings")
                .then().statusCode(409).body("state", equalTo("NOT_STARTED"));

        clock.set(startsAt.plusSeconds(3600));
        // a unit outside the scope: 400, nothing recorded
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", other.toString(), "text", "不在范围")).post("/api/inspections/" + id + "/findings")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("unitId"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/findings?inspectionId=" + id).then().statusCode(200)
                .body("size()", equalTo(0));
        // the unit in scope through its task
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", taskUnit.toString(), "taskId", task.toString(), "text", "专栏信息滞后", "evidence", List.of("photo-1.jpg")))
                .post("/api/inspections/" + id + "/findings").then().statusCode(201));

        Instant due = Instant.parse("2022-01-25T09:00:00Z");
        String rect = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "办事指南与实际不符", "evidence", List.of("检查记录第3页", "截图-0115.png"),
                        "rectification", Map.of("requirement", "一周内更新办事指南", "dueAt", due.toString())))
                .post("/api/inspections/" + id + "/findings").then().statusCode(201)
                .body("rectifications[0].status", equalTo("ORDERED")).extract().path("rectifications[0].rectificationId");
        String finding = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/findings?unitId=" + unit).then().statusCode(200)
                .body("size()", equalTo(1)).extract().path("[0].findingId");
        given().auth().oauth2(Tokens.officerOf(other)).get("/api/findings?unitId=" + unit).then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("text", "已安排专人核对"))
                .post("/api/findings/" + finding + "/response").then().statusCode(200).body("response", equalTo("已安排专人核对"));

        // closing a rectification that was never reported: 409, still ORDERED
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("close", true))
                .post("/api/rectifications/" + rect + "/review").then().statusCode(409).body("state", equalTo("ORDERED"));
        // reported, re-checked and reopened
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("text", "已更新"))
                .post("/api/rectifications/" + rect + "/report").then().statusCode(200).body("status", equalTo("REPORTED"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("close", false, "note", "仍有两项未改"))
                .post("/api/rectifications/" + rect + "/review").then().statusCode(200).body("status", equalTo("ORDERED"));

        // the deadline passes unreported: one red card, however often the watcher sweeps
        clock.set(due.plusSeconds(60));
        watcher.sweep(); // (the scheduled sweep may have been first)
        assertEquals(0, watcher.sweep());
        List<Map<String, Object>> cards = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/warnings?unitId=" + unit)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, cards.size());
        assertEquals("RED", cards.get(0).get("color"));
        assertEquals("rectification-deadline-missed", cards.get(0).get("rule"));

        // reported again and closed: the card is lifted
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("text", "全部更新"))
                .post("/api/rectifications/" + rect + "/report").then().statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("close", true, "note", "复核通过"))
                .post("/api/rectifications/" + rect + "/review").then().statusCode(200).body("status", equalTo("CLOSED"));
        assertNotNull(given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit).then().statusCode(200)
                .extract().path("[0].liftedAt"));
        TopicProbe.await(Topics.SUPERVISION_EVENTS, r -> id.equals(r.key())
                && EventType.RECTIFICATION_CLOSED.type().equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30));
    }
}
