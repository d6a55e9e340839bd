package org.duban.task.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 22, the office's side of the assignment API: a rejection names its reason, returns already reassigned leave
 * the RETURNED list, the office reads a task's assignments, a date-only date is the end of that day in Beijing time.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class OfficeApiTest {

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static String newTask(String dueAt, UUID lead, UUID... co) {
        StringBuilder units = new StringBuilder("{\"unitId\": \"" + lead + "\", \"role\": \"LEAD\"}");
        for (UUID c : co) {
            units.append(", {\"unitId\": \"").append(c).append("\", \"role\": \"CO_RESPONSIBLE\"}");
        }
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"推进“一件事一次办”\", \"dueAt\": \"%s\", \"assignments\": [%s]}".formatted(dueAt, units))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    private static ValidatableResponse post(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    @Test
    void rejectingAnExtensionWithoutANoteIsA400NamingTheNote() {
        UUID unit = UUID.randomUUID();
        String a = assignmentOf(unit, newTask("2021-12-31T15:59:59Z", unit));
        String path = "/api/assignments/" + a + "/extensions";
        String r = post(Tokens.officerOf(unit), path, "{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"资金未到位\"}")
                .statusCode(201).extract().path("id");

        post(Tokens.supervisor(), path + "/" + r + "/decision", "{\"approve\": false}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("note"));
        post(Tokens.supervisor(), path + "/" + r + "/decision", "{\"approve\": false, \"note\": \"  \"}").statusCode(400)
                .body("errors.field", contains("note"));
        given().auth().oauth2(Tokens.supervisor()).get(path).then().body("[0].status", equalTo("PENDING"));
        post(Tokens.supervisor(), path + "/" + r + "/decision", "{\"approve\": false, \"note\": \"理由不充分\"}").statusCode(200)
                .body("status", equalTo("REJECTED"));
    }

    @Test
    void returnsAlreadyReassignedAreNotListedAsReturned() {
        UUID lead = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        UUID right = UUID.randomUUID();
        String reassigned = newTask("2021-12-31T15:59:59Z", lead, wrong);
        String waiting = newTask("2021-12-31T15:59:59Z", lead, wrong);
        String a = assignmentOf(wrong, reassigned);
        String b = assignmentOf(wrong, waiting);
        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        post(Tokens.officerOf(wrong), "/api/assignments/" + b + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + right + "\"}").statusCode(201);

        given().auth().oauth2(Tokens.supervisor()).get("/api/tasks?status=RETURNED&unitId=" + wrong).then().statusCode(200)
                .body("id", contains(waiting));
        given().auth().oauth2(Tokens.supervisor()).get("/api/tasks?status=RETURNED&limit=1000").then().statusCode(200)
                .body("id", hasItem(waiting)).body("id.findAll { it == '%s' }".formatted(reassigned), hasSize(0));
    }

    @Test
    void aReassignmentMayCarryItsOwnDueDate() {
        UUID lead = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        UUID right = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        String task = newTask("2021-08-31T15:59:59Z", lead, wrong);
        String a = assignmentOf(wrong, task);
        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        // a new due date in the past is refused, naming it; nothing is reassigned
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign",
                "{\"unitId\": \"" + right + "\", \"dueAt\": \"2021-07-01T00:00:00Z\"}").statusCode(400)
                .body(org.hamcrest.Matchers.containsString("dueAt"));
        // the new unit gets its own 完成时限, not the task's (which would be missed in five weeks' less time)
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign",
                "{\"unitId\": \"" + right + "\", \"dueAt\": \"2021-10-31T15:59:59Z\", \"reason\": \"改由对口单位办理\"}")
                .statusCode(201).body("unitId", org.hamcrest.Matchers.equalTo(right.toString()))
                .body("dueAt", org.hamcrest.Matchers.equalTo("2021-10-31T15:59:59Z"));
        // without one, the task's due date holds
        String b = assignmentOf(right, task);
        post(Tokens.officerOf(right), "/api/assignments/" + b + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        post(Tokens.supervisor(), "/api/assignments/" + b + "/reassign", "{\"unitId\": \"" + later + "\"}").statusCode(201)
                .body("dueAt", org.hamcrest.Matchers.equalTo("2021-08-31T15:59:59Z"));
    }

    @Test
    void theOfficeReadsATasksAssignmentsLeadFirstAndPaged() {
        UUID lead = UUID.randomUUID();
        UUID co1 = UUID.randomUUID();
        UUID co2 = UUID.randomUUID();
        String taskId = newTask("2021-12-31T15:59:59Z", lead, co1, co2);
        String list = "/api/assignments?taskId=" + taskId;

        given().auth().oauth2(Tokens.supervisor()).get(list).then().statusCode(200)
                .body("taskId", contains(taskId, taskId, taskId)).body("[0].role", equalTo("LEAD"))
                .body("[0].unitId", equalTo(lead.toString()))
                .body("unitId", containsInAnyOrder(lead.toString(), co1.toString(), co2.toString()));
        given().auth().oauth2(Tokens.leader()).get(list + "&offset=1&limit=1").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].role", equalTo("CO_RESPONSIBLE"));
        given().auth().oauth2(Tokens.leader()).get(list + "&offset=3").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(Tokens.supervisor()).get(list + "&unitId=" + co2).then().statusCode(200)
                .body("unitId", contains(co2.toString()));
        // A unit officer reads only its own unit's part of the task.
        given().auth().oauth2(Tokens.officerOf(co1)).get(list).then().statusCode(200).body("unitId", contains(co1.toString()));
        given().auth().oauth2(Tokens.officerOf(co1)).get(list + "&unitId=" + lead).then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).get(list + "&limit=0").then().statusCode(400)
                .body("errors.field", contains("limit"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments").then().statusCode(400)
                .body("errors.field", contains("unitId"));
    }

    @Test
    void aDateOnlyDueDateIsTheEndOfThatDayInBeijingTime() {
        UUID unit = UUID.randomUUID();
        String taskId = newTask("2021-12-31", unit);
        String a = assignmentOf(unit, taskId);
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a).then()
                .body("dueAt", equalTo("2021-12-31T15:59:59Z"));
        String path = "/api/assignments/" + a + "/extensions";
        post(Tokens.officerOf(unit), path, "{\"requestedDueAt\": \"2027-06-31\", \"reason\": \"x\"}").statusCode(400)
                .body("errors.field", contains("requestedDueAt"));
        String r = post(Tokens.officerOf(unit), path, "{\"requestedDueAt\": \"2027-06-30\", \"reason\": \"项目招标延后\"}")
                .statusCode(201).body("requestedDueAt", equalTo("2027-06-30T15:59:59Z")).extract().path("id");
        post(Tokens.supervisor(), path + "/" + r + "/decision", "{\"approve\": true}").statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a).then()
                .body("dueAt", equalTo("2027-06-30T15:59:59Z"));
        // A date and time is read as before.
        UUID other = UUID.randomUUID();
        String b = assignmentOf(other, newTask("2021-12-31T23:59:59+08:00", other));
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + b).then()
                .body("dueAt", equalTo("2021-12-31T15:59:59Z"));
    }
    @Test
    void aMalformedIdOrFlagInThePathOrQueryIsA400NamingTheParameter() {
        String office = Tokens.supervisor();
        given().auth().oauth2(office).get("/api/assignments/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("id"))
                .body("detail", not(containsString("java.")));
        given().auth().oauth2(office).get("/api/assignments?unitId=12345").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("unitId"));
        given().auth().oauth2(office).get("/api/tasks?planId=1-2-3-4-5").then().statusCode(400)
                .body("errors.field", contains("planId"));
        given().auth().oauth2(office).get("/api/tasks?overdue=maybe").then().statusCode(400)
                .body("errors.field", contains("overdue"));
        given().auth().oauth2(office).get("/api/tasks?offset=first").then().statusCode(400)
                .body("errors.field", contains("offset"));
        given().auth().oauth2(office).get("/api/tasks/" + UUID.randomUUID() + "/reports").then().statusCode(404);
        given().auth().oauth2(office).contentType(ContentType.JSON).body("{\"approve\": true}")
                .post("/api/assignments/" + UUID.randomUUID() + "/extensions/x/decision").then().statusCode(400)
                .body("errors.field", contains("requestId"));
        // well-formed values read as before; an empty one is absent (the default)
        given().auth().oauth2(office).get("/api/tasks?overdue=TRUE&limit=&planId=").then().statusCode(200);
        given().auth().oauth2(office).get("/api/assignments/" + UUID.randomUUID()).then().statusCode(404);
    }
}
