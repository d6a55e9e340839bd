package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
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

/** The assignment lifecycle over REST: 签收, 退回 and 改派, 反馈, 复核, 延期申请, 办结销号, and who may do what. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class AssignmentLifecycleTest {

    private static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59Z");

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static String newTask(UUID lead, UUID... co) {
        StringBuilder units = new StringBuilder("{\"unitId\": \"" + lead + "\", \"role\": \"LEAD\"}");
        for (UUID c : co) {
            units.append(", {\"unitId\": \"").append(c).append("\", \"role\": \"CO_RESPONSIBLE\"}");
        }
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "推进政务服务“一件事一次办”", "dueAt": "%s", "assignments": [%s]}"""
                        .formatted(END_OF_2021, units))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static String assignmentOf(UUID unit) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("[0].id");
    }

    /** The unit's assignment of one task. */
    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    private static ValidatableResponse post(String token, String path, String body) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path).then();
    }

    private static String report(int percent, String narrative) {
        return "{\"percentComplete\": %d, \"narrative\": \"%s\"}".formatted(percent, narrative);
    }

    @Test
    void fromAssignedThroughReviewToCompletedWithFullHistoryAndEvents() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String taskId = newTask(lead, co);
        String leadA = assignmentOf(lead);
        String coA = assignmentOf(co);

        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/accept", null).statusCode(200).body("status", equalTo("ACCEPTED"));
        clock.advance(Duration.ofDays(30));
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/reports", """
                {"percentComplete": 80, "narrative": "已梳理事项清单", "period": "2021-Q3",
                 "evidence": ["中卫发〔2021〕12号", "https://example.gov.cn/list"]}""").statusCode(201);

        // The lead unit sees its co-unit's report; the co-unit does not read the task's reports.
        given().auth().oauth2(Tokens.officerOf(lead)).get("/api/tasks/" + taskId + "/reports").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].unitId", equalTo(co.toString())).body("[0].period", equalTo("2021-Q3"))
                .body("[0].evidence", contains("中卫发〔2021〕12号", "https://example.gov.cn/list"));
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/tasks/" + taskId + "/reports").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/assignments/" + leadA + "/reports").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(lead)).get("/api/assignments/" + coA + "/reports").then().statusCode(200)
                .body("$", hasSize(1));

        // Not completed before the lead unit's 复核.
        post(Tokens.supervisor(), "/api/assignments/" + coA + "/complete", null).statusCode(409)
                .body("state", equalTo("REPORTED")).body("review", equalTo("PENDING"));
        // A co-unit does not review, nor does the lead its own work.
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/review", "{\"approve\": true}").statusCode(403);
        // Sent back needs a reason; then IN_PROGRESS.
        post(Tokens.officerOf(lead), "/api/assignments/" + coA + "/review", "{\"approve\": false}").statusCode(400)
                .body("errors.field", hasItem("note"));
        post(Tokens.officerOf(lead), "/api/assignments/" + coA + "/review", "{\"approve\": false, \"note\": \"缺少佐证材料\"}")
                .statusCode(200).body("reviewStatus", equalTo("SENT_BACK"));
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/assignments/" + coA).then().body("status", equalTo("IN_PROGRESS"));
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/reports", report(100, "已补充佐证材料")).statusCode(201);
        post(Tokens.officerOf(lead), "/api/assignments/" + coA + "/review", "{\"approve\": true, \"note\": \"同意\"}")
                .statusCode(200).body("reviewStatus", equalTo("APPROVED"));
        post(Tokens.supervisor(), "/api/assignments/" + coA + "/complete?note=办结", null).statusCode(200)
                .body("status", equalTo("COMPLETED"));

        assertEquals(1, TaskDb.outboxRows("duban.task.report-reviewed.v1", taskId, "approved", "false"), "sent back once");
        assertEquals(1, TaskDb.outboxRows("duban.task.report-reviewed.v1", taskId, "note", "缺少佐证材料"));
        assertEquals(1, TaskDb.outboxRows("duban.task.report-reviewed.v1", taskId, "approved", "true"), "then approved");
        String coCompleted = TaskDb.onlyPayload("duban.task.completed.v1", taskId, "assignmentId", coA);
        TaskCompleted first = EventJson.read(coCompleted, TaskCompleted.class);
        assertEquals(true, first.onTime());
        assertEquals(false, first.taskClosed(), "the lead's assignment is still open");

        // The lead's consolidated report (综合反馈), then the task is closed — late.
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 100, "narrative": "牵头汇总：全部完成", "consolidated": true}""").statusCode(201);
        clock.set(END_OF_2021.plus(Duration.ofDays(2)));
        post(Tokens.supervisor(), "/api/assignments/" + leadA + "/complete", null).statusCode(200);
        TaskCompleted last = EventJson.read(TaskDb.onlyPayload("duban.task.completed.v1", taskId, "assignmentId", leadA),
                TaskCompleted.class);
        assertEquals(false, last.onTime(), "completed two days after the deadline");
        assertEquals(true, last.taskClosed());
        assertEquals(1, TaskDb.outboxRows("duban.task.progress-reported.v1", taskId, "consolidated", "true"));
        assertEquals(2, TaskDb.outboxRows("duban.task.assignment-accepted.v1", taskId),
                "the co-unit signed for it; the lead signed by reporting");

        given().auth().oauth2(Tokens.officerOf(co)).get("/api/assignments/" + coA + "/history").then().statusCode(200)
                .body("toStatus", contains("ASSIGNED", "ACCEPTED", "REPORTED", "IN_PROGRESS", "REPORTED", "REPORTED", "COMPLETED"))
                .body("[3].reason", containsString("缺少佐证材料"))
                .body("[1].actor", containsString(co.toString()))
                .body("[6].actor", containsString("supervisor"));
        given().auth().oauth2(Tokens.leader()).get("/api/assignments/" + leadA + "/history").then().statusCode(200);
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/assignments/" + leadA + "/history").then().statusCode(403);
    }

    @Test
    void everyTransitionNotAllowedFromTheCurrentStateIsA409NamingTheState() {
        UUID unit = UUID.randomUUID();
        newTask(unit);
        String a = assignmentOf(unit);
        String officer = Tokens.officerOf(unit);

        post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null).statusCode(409)
                .contentType("application/problem+json").body("state", equalTo("ASSIGNED"));
        post(Tokens.supervisor(), "/api/assignments/" + a + "/review", "{\"approve\": true}").statusCode(409)
                .body("state", equalTo("ASSIGNED"));
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + UUID.randomUUID() + "\"}")
                .statusCode(409).body("state", equalTo("ASSIGNED"));
        post(officer, "/api/assignments/" + a + "/accept", null).statusCode(200);
        post(officer, "/api/assignments/" + a + "/accept", null).statusCode(409).body("state", equalTo("ACCEPTED"))
                .body("detail", containsString("ACCEPTED"));
        post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null).statusCode(409).body("state", equalTo("ACCEPTED"));
        post(officer, "/api/assignments/" + a + "/reports", report(40, "推进中")).statusCode(201);
        post(officer, "/api/assignments/" + a + "/accept", null).statusCode(409).body("state", equalTo("REPORTED"));
        post(officer, "/api/assignments/" + a + "/return", "{\"reason\": \"不属于本单位职责\"}").statusCode(409)
                .body("state", equalTo("REPORTED"));
        post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null).statusCode(200);
        post(officer, "/api/assignments/" + a + "/reports", report(100, "补报")).statusCode(409).body("state", equalTo("COMPLETED"));
        post(officer, "/api/assignments/" + a + "/return", "{\"reason\": \"x\"}").statusCode(409).body("state", equalTo("COMPLETED"));
        post(officer, "/api/assignments/" + a + "/extensions", """
                {"requestedDueAt": "2022-06-30T15:59:59Z", "reason": "x"}""").statusCode(409).body("state", equalTo("COMPLETED"));
        post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null).statusCode(409).body("state", equalTo("COMPLETED"));
        // Only the supervision office completes; a leader only reads.
        post(officer, "/api/assignments/" + a + "/complete", null).statusCode(403);
        post(Tokens.leader(), "/api/assignments/" + a + "/accept", null).statusCode(403);
        post(Tokens.supervisor(), "/api/assignments/" + UUID.randomUUID() + "/accept", null).statusCode(404);
    }

    @Test
    void aReturnedAssignmentIsReassignedByTheSupervisionOfficeAndTheOldOneStaysReturned() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        UUID right = UUID.randomUUID();
        String taskId = newTask(lead, wrong);
        String a = assignmentOf(wrong);

        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/return", "{\"reason\": \" \"}").statusCode(400)
                .body("errors.field", hasItem("reason"));
        post(Tokens.officerOf(lead), "/api/assignments/" + a + "/return", "{\"reason\": \"代退\"}").statusCode(403);
        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/return", "{\"reason\": \"该事项由县数据局负责\"}")
                .statusCode(200).body("status", equalTo("RETURNED"));
        assertEquals(1, TaskDb.outboxRows("duban.task.assignment-returned.v1", taskId, "reason", "该事项由县数据局负责"));
        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/reports", report(10, "x")).statusCode(409)
                .body("state", equalTo("RETURNED"));

        post(Tokens.officerOf(wrong), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + right + "\"}").statusCode(403);
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + right + "\"}").statusCode(201);
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + UUID.randomUUID() + "\"}").statusCode(409)
                .body("state", equalTo("RETURNED")).body("replacedBy", notNullValue());

        UUID another = UUID.randomUUID();
        String taskB = newTask(UUID.randomUUID(), another);
        String b = assignmentOf(another);
        post(Tokens.officerOf(another), "/api/assignments/" + b + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        String fresh = post(Tokens.supervisor(), "/api/assignments/" + b + "/reassign",
                "{\"unitId\": \"" + right + "\", \"reason\": \"按职责改派\"}").statusCode(201)
                .body("unitId", equalTo(right.toString())).body("status", equalTo("ASSIGNED"))
                .body("role", equalTo("CO_RESPONSIBLE")).extract().path("id");
        given().auth().oauth2(Tokens.officerOf(right)).get("/api/assignments?unitId=" + right).then()
                .body("id", hasItem(fresh));
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + b).then()
                .body("status", equalTo("RETURNED")).body("replacedBy", equalTo(fresh));
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + b + "/history").then()
                .body("toStatus", contains("ASSIGNED", "RETURNED", "RETURNED")).body("[2].reason", containsString(right.toString()));
        assertEquals(1, TaskDb.outboxRows("duban.task.assigned.v1", taskB, "unitId", right.toString()));
        // the reassignment names the assignment it replaces (issue 22); new work replaces none
        assertEquals(UUID.fromString(b), EventJson.read(TaskDb.onlyPayload("duban.task.assigned.v1", taskB, "unitId",
                right.toString()), TaskAssigned.class).replacesAssignmentId());
        assertNull(EventJson.read(TaskDb.onlyPayload("duban.task.assigned.v1", taskB, "unitId", another.toString()),
                TaskAssigned.class).replacesAssignmentId());
    }

    @Test
    void extensionsApprovedMoveTheDueDateRejectedKeepItAndTheOneTooManyIsRefused() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = newTask(unit);
        String a = assignmentOf(unit);
        String officer = Tokens.officerOf(unit);
        String path = "/api/assignments/" + a + "/extensions";

        post(officer, path, "{\"requestedDueAt\": \"2021-12-01T00:00:00Z\", \"reason\": \"提前？\"}").statusCode(400)
                .body("errors.field", hasItem("requestedDueAt"));
        post(officer, path, "{\"requestedDueAt\": \"2022-03-31T15:59:59Z\"}").statusCode(400)
                .body("errors.field", hasItem("reason"));
        post(Tokens.officerOf(UUID.randomUUID()), path,
                "{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"代申请\"}").statusCode(403);

        String first = post(officer, path, "{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"资金未到位\"}")
                .statusCode(201).body("status", equalTo("PENDING")).extract().path("id");
        post(officer, path, "{\"requestedDueAt\": \"2022-04-30T15:59:59Z\", \"reason\": \"再延\"}").statusCode(409)
                .body("state", equalTo("PENDING"));
        post(officer, path + "/" + first + "/decision", "{\"approve\": true}").statusCode(403);
        post(Tokens.supervisor(), path + "/" + first + "/decision", "{\"approve\": false, \"note\": \"理由不充分\"}")
                .statusCode(200).body("status", equalTo("REJECTED"));
        post(Tokens.supervisor(), path + "/" + first + "/decision", "{\"approve\": true}").statusCode(409)
                .body("state", equalTo("REJECTED"));
        given().auth().oauth2(officer).get("/api/assignments/" + a).then().body("dueAt", equalTo(END_OF_2021.toString()));

        String second = post(officer, path, "{\"requestedDueAt\": \"2022-06-30T15:59:59Z\", \"reason\": \"项目招标延后\"}")
                .statusCode(201).extract().path("id");
        post(Tokens.supervisor(), path + "/" + second + "/decision", "{\"approve\": true, \"note\": \"同意延期\"}")
                .statusCode(200).body("status", equalTo("APPROVED"));
        given().auth().oauth2(officer).get("/api/assignments/" + a).then().body("dueAt", equalTo("2022-06-30T15:59:59Z"));

        // duban.assignment.max-extensions=2: the third request is refused.
        post(officer, path, "{\"requestedDueAt\": \"2022-12-31T15:59:59Z\", \"reason\": \"第三次\"}").statusCode(409)
                .body("maxExtensions", equalTo(2)).body("detail", containsString("at most 2"));
        given().auth().oauth2(Tokens.leader()).get(path).then().statusCode(200)
                .body("status", contains("REJECTED", "APPROVED")).body("[0].decisionNote", equalTo("理由不充分"));
        assertEquals(2, TaskDb.outboxRows("duban.task.extension-requested.v1", taskId));
        assertEquals(1, TaskDb.outboxRows("duban.task.extension-decided.v1", taskId, "approved", "true"));
        assertEquals(1, TaskDb.outboxRows("duban.task.extension-decided.v1", taskId, "dueAt", "2021-12-31T15:59:59Z"),
                "the rejection names the due date still in force");
    }

    @Test
    void theTaskListFiltersByStatusAndByOverdueAgainstEachAssignmentsOwnDueDate() throws Exception {
        UUID unit = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String signedFor = newTask(unit, co);
        String waiting = newTask(unit);
        String signedForA = assignmentOf(unit, signedFor);
        post(Tokens.officerOf(unit), "/api/assignments/" + signedForA + "/accept", null).statusCode(200);
        String tasks = "/api/tasks?unitId=" + unit;

        given().auth().oauth2(Tokens.leader()).get(tasks).then().statusCode(200)
                .body("id", hasSize(2)).body("id", hasItem(signedFor)).body("id", hasItem(waiting))
                .body("find { it.id == '%s' }.leadUnits.id".formatted(signedFor), contains(unit.toString()))
                .body("find { it.id == '%s' }.responsibleUnits.id".formatted(signedFor), contains(co.toString()));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&status=accepted").then().statusCode(200)
                .body("id", contains(signedFor));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&status=ASSIGNED").then().statusCode(200)
                .body("id", contains(waiting));
        // The co-unit has not signed for the first task: by status, per unit.
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/tasks?status=ASSIGNED").then().statusCode(200)
                .body("id", contains(signedFor));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&status=SIGNED").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("status"));

        given().auth().oauth2(Tokens.leader()).get(tasks + "&overdue=true").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&overdue=false").then().statusCode(200).body("id", hasSize(2));

        // An approved extension moves this unit's due date of the waiting task past the end of 2021.
        String waitingA = assignmentOf(unit, waiting);
        String extension = post(Tokens.officerOf(unit), "/api/assignments/" + waitingA + "/extensions",
                "{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"资金未到位\"}").statusCode(201).extract().path("id");
        post(Tokens.supervisor(), "/api/assignments/" + waitingA + "/extensions/" + extension + "/decision", "{\"approve\": true}")
                .statusCode(200);

        clock.set(END_OF_2021.plusSeconds(1));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&overdue=true").then().statusCode(200).body("id", contains(signedFor));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&overdue=false").then().statusCode(200).body("id", contains(waiting));
        given().auth().oauth2(Tokens.officerOf(co)).get("/api/tasks?overdue=true").then().statusCode(200)
                .body("id", contains(signedFor));

        clock.set(Instant.parse("2022-04-01T00:00:00Z"));
        given().auth().oauth2(Tokens.leader()).get(tasks + "&overdue=true").then().statusCode(200).body("id", hasSize(2));
    }

    @Test
    void badReportsAreRefusedNamingTheFieldAndMilestoneActualsAreKept() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String taskId = newTask(lead, co);
        UUID m130 = TaskDb.milestone(taskId, 1, "2021年底实现130项", END_OF_2021, new BigDecimal("130"), "CONFIRMED");
        String leadA = assignmentOf(lead);
        String coA = assignmentOf(co);

        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", report(140, "超额")).statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("percentComplete"));
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", "{\"narrative\": \"无百分比\"}").statusCode(400)
                .body("errors.field", hasItem("percentComplete"));
        post(Tokens.officerOf(co), "/api/assignments/" + leadA + "/reports", report(50, "代报")).statusCode(403);
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/reports", """
                {"percentComplete": 50, "narrative": "汇总", "consolidated": true}""").statusCode(400)
                .body("errors.field", hasItem("consolidated"));
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 70, "narrative": "x", "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": 5}]}"""
                .formatted(UUID.randomUUID())).statusCode(400).body("errors.field", hasItem("milestoneActuals[0].milestoneId"));
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 70, "narrative": "x", "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": -1}]}"""
                .formatted(m130)).statusCode(400).body("errors.field", hasItem("milestoneActuals[0].actualQuantity"));

        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 73, "narrative": "已实现130项中的95项", "period": "2021-Q3",
                 "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": 95}]}""".formatted(m130)).statusCode(201);
        given().auth().oauth2(Tokens.supervisor()).get("/api/tasks/" + taskId + "/reports").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].milestoneActuals[0].milestoneId", equalTo(m130.toString()))
                .body("[0].milestoneActuals[0].actualQuantity", equalTo(95));
        assertEquals(0, TaskDb.outboxRows("duban.task.progress-reported.v1", taskId, "unitId", co.toString()),
                "nothing was recorded for the refused reports");
    }
}
