package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class AssignmentResourceTest {

    private static String newTask(UUID lead, UUID co) {
        return """
                {"title": "推进政务服务“一件事一次办”", "dueAt": "2021-12-31T15:59:59Z",
                 "assignments": [{"unitId": "%s", "role": "LEAD"}, {"unitId": "%s", "role": "CO_RESPONSIBLE"}]}"""
                .formatted(lead, co);
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        given().when().get("/api/assignments?unitId=" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void onlyTheSupervisionOfficeAssignsTasks() {
        given().auth().oauth2(Tokens.leader()).contentType(ContentType.JSON).body(newTask(UUID.randomUUID(), UUID.randomUUID()))
                .when().post("/api/tasks").then().statusCode(403);
    }

    @Test
    void assigningWritesTheAssignmentsAndPublishesTaskAssignedForEachUnit() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(newTask(lead, co))
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");

        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select count(*) from assignment where task_id = ?")) {
            s.setObject(1, UUID.fromString(taskId));
            var rs = s.executeQuery();
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
        var record = TopicProbe.await(Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()) && r.value().contains(co.toString()), Duration.ofSeconds(30));
        assertEquals("duban.task.assigned.v1", TopicProbe.header(record, "ce_type"));
        TaskAssigned event = EventJson.read(record.value(), TaskAssigned.class);
        assertEquals("CO_RESPONSIBLE", event.role());
        assertEquals("2021-12-31T15:59:59Z", event.dueAt().toString());

        given().auth().oauth2(Tokens.officerOf(lead)).when().get("/api/assignments?unitId=" + lead)
                .then().statusCode(200).body("$", hasSize(1)).body("role", hasItem("LEAD"));
    }

    @Test
    void theTraceOfTheAssigningRequestContinuesOnTheEventAlthoughTheRelaySendsItLater() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        UUID unit = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(newTask(unit, UUID.randomUUID()))
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");

        var record = TopicProbe.await(Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()) && r.value().contains(unit.toString()), Duration.ofSeconds(30));
        String traceparent = TopicProbe.header(record, "traceparent");
        assertNotNull(traceparent, "the event carries a W3C traceparent header");
        assertEquals(traceId, traceparent.split("-")[1], "same trace as the request: " + traceparent);
    }

    @Test
    void aUnitOfficerSeesAndReportsOnlyItsOwnUnitsWork() {
        UUID lead = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(newTask(lead, UUID.randomUUID()))
                .post("/api/tasks").then().statusCode(201);
        String assignmentId = given().auth().oauth2(Tokens.officerOf(lead)).get("/api/assignments?unitId=" + lead)
                .then().statusCode(200).extract().path("[0].id");

        given().auth().oauth2(Tokens.officerOf(other)).when().get("/api/assignments?unitId=" + lead)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.officerOf(other)).contentType(ContentType.JSON)
                .body("{\"percentComplete\": 50, \"narrative\": \"代报\"}")
                .when().post("/api/assignments/" + assignmentId + "/reports").then().statusCode(403);

        given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON)
                .body("{\"percentComplete\": 140, \"narrative\": \"超额\"}")
                .when().post("/api/assignments/" + assignmentId + "/reports")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("percentComplete"));

        given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON)
                .body("{\"percentComplete\": 60, \"narrative\": \"已完成130项中的78项\"}")
                .when().post("/api/assignments/" + assignmentId + "/reports").then().statusCode(201);
        given().auth().oauth2(Tokens.officerOf(lead)).get("/api/assignments?unitId=" + lead)
                .then().body("[0].status", equalTo("REPORTED"));
    }
}
