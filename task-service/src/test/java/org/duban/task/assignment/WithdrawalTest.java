package org.duban.task.assignment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.duban.task.assignment.AssignmentApi.REPORT;
import static org.duban.task.assignment.AssignmentApi.assignmentOf;
import static org.duban.task.assignment.AssignmentApi.post;
import static org.duban.task.assignment.AssignmentApi.race;
import static org.duban.task.assignment.AssignmentApi.statusOf;
import static org.duban.task.deadline.DeadlineDb.background;
import static org.duban.task.deadline.DeadlineDb.payloads;
import static org.duban.task.deadline.DeadlineDb.seqOf;
import static org.duban.task.deadline.DeadlineDb.sql;
import static org.duban.task.deadline.DeadlineDb.sweepReading;
import static org.duban.task.deadline.DeadlineDb.withdrawBackground;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * 撤销交办 (issue 22) and the misses it ends (issue 18): a withdrawal closes the announced miss of the work with exactly
 * one {@code DeadlineRecovered} how WITHDRAWN; it races 办结销号 with one winner, one 409 and one event; closed work is
 * refused with a 409 naming the state; and a {@code DeadlineMissed} from a sweep that read the open work before the
 * withdrawal never lands after it.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class WithdrawalTest {

    private static final Instant ASSIGNED = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final String BACKGROUND_TITLE = "撤销背景任务";
    private static final String WITHDRAWN = "duban.task.assignment-withdrawn.v1";
    private static final String RECOVERED = "duban.task.deadline-recovered.v1";
    private static final String MISSED = "duban.task.deadline-missed.v1";
    private static final String COMPLETED = "duban.task.completed.v1";
    private static final String EXTENSION_DECIDED = "duban.task.extension-decided.v1";

    private final TestClock clock = new TestClock(ASSIGNED);
    private ExecutorService threads;

    @Inject
    DeadlineWatcher watcher;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(clock, Clock.class);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        withdrawBackground(BACKGROUND_TITLE);
    }

    @Test
    void aWithdrawalClosesTheAnnouncedMissOnceWithItsReasonAndActorInTheHistory() throws Exception {
        // the marks behind the new work's due date (another test may have swept past it), so the sweep announces it
        sql("update deadline_watch set swept_until = ?", Timestamp.from(ASSIGNED));
        UUID unit = UUID.randomUUID();
        String taskId = newTask(unit);
        String a = assignmentOf(unit, taskId);
        // the final deadline passes and a sweep announces the miss
        clock.set(DUE.plus(Duration.ofDays(3)));
        watcher.sweep();
        assertEquals(1, payloads(MISSED, taskId).size(), "the miss was announced: " + payloads(MISSED, taskId));

        // the unit may not withdraw its own work; a reason is required and bounded
        withdraw(Tokens.officerOf(unit), a, "{\"reason\": \"交办有误\"}").then().statusCode(403);
        withdraw(Tokens.supervisor(), a, "{}").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.containsString("reason"));
        withdraw(Tokens.supervisor(), a, "{\"reason\": \"" + "长".repeat(4001) + "\"}").then().statusCode(400);

        withdraw(Tokens.supervisor(), a, "{\"reason\": \"交办有误，该事项不属县级事权\"}").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("WITHDRAWN"));
        // a second withdrawal of the same work: 409 naming the state, nothing announced again
        Response again = withdraw(Tokens.supervisor(), a, "{\"reason\": \"重复提交\"}");
        assertEquals(409, again.statusCode(), again.asString());
        assertEquals("WITHDRAWN", again.path("state"));

        List<JsonNode> withdrawn = payloads(WITHDRAWN, taskId);
        assertEquals(1, withdrawn.size(), "one AssignmentWithdrawn: " + withdrawn);
        assertEquals("交办有误，该事项不属县级事权", withdrawn.get(0).path("reason").asText());
        assertEquals("ACCEPTED".equals(withdrawn.get(0).path("fromStatus").asText())
                || "ASSIGNED".equals(withdrawn.get(0).path("fromStatus").asText()), true, withdrawn.toString());
        assertTrue(withdrawn.get(0).path("withdrawnBy").asText().contains("supervisor"), withdrawn.toString());
        List<JsonNode> recovered = payloads(RECOVERED, taskId);
        assertEquals(1, recovered.size(), "exactly one DeadlineRecovered: " + recovered);
        assertEquals("WITHDRAWN", recovered.get(0).path("how").asText());
        assertEquals("FINAL", recovered.get(0).path("dueKind").asText());
        assertEquals(DUE, Instant.parse(recovered.get(0).path("dueAt").asText()));

        List<String> reasons = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a + "/history").then()
                .statusCode(200).extract().path("findAll { it.toStatus == 'WITHDRAWN' }.reason");
        assertEquals(List.of("撤销交办: 交办有误，该事项不属县级事权"), reasons);
        List<String> actors = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a + "/history").then()
                .extract().path("findAll { it.toStatus == 'WITHDRAWN' }.actor");
        assertTrue(actors.get(0).contains("supervisor"), actors.toString());

        // a later sweep announces nothing for withdrawn work
        clock.set(DUE.plus(Duration.ofDays(10)));
        watcher.sweep();
        assertEquals(1, payloads(MISSED, taskId).size());
    }

    @Test
    void closedWorkIsNotWithdrawnAndTheConflictNamesTheState() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = newTask(unit);
        String a = assignmentOf(unit, taskId);
        post(Tokens.officerOf(unit), "/api/assignments/" + a + "/reports", REPORT).statusCode(201);
        given().auth().oauth2(Tokens.supervisor()).post("/api/assignments/" + a + "/complete").then().statusCode(200);
        Response refused = withdraw(Tokens.supervisor(), a, "{\"reason\": \"交办有误\"}");
        assertEquals(409, refused.statusCode(), refused.asString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertEquals("COMPLETED", refused.path("state"));
        assertTrue(refused.path("version") != null, refused.asString());
        assertTrue(refused.<String> path("detail").contains("COMPLETED"), refused.asString());
        assertEquals(List.of(), payloads(WITHDRAWN, taskId));
        withdraw(Tokens.supervisor(), UUID.randomUUID().toString(), "{\"reason\": \"交办有误\"}").then().statusCode(404);
    }

    @Test
    void returnedWorkTheOfficeWillNotReassignCanBeWithdrawn() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = newTask(unit);
        String a = assignmentOf(unit, taskId);
        post(Tokens.officerOf(unit), "/api/assignments/" + a + "/return", "{\"reason\": \"不属于本单位职责\"}").statusCode(200);
        withdraw(Tokens.supervisor(), a, "{\"reason\": \"该事项已取消\"}").then().statusCode(200);
        List<JsonNode> withdrawn = payloads(WITHDRAWN, taskId);
        assertEquals(1, withdrawn.size());
        assertEquals("RETURNED", withdrawn.get(0).path("fromStatus").asText());
        // withdrawn, it is no longer reassigned
        post(Tokens.supervisor(), "/api/assignments/" + a + "/reassign", "{\"unitId\": \"" + UUID.randomUUID() + "\"}").statusCode(409);
    }

    /**
     * A pending 延期申请 does not outlive the work (issue 23): the withdrawal closes it as WITHDRAWN in its own transaction,
     * with a history line and the {@code ExtensionDecided} (not approved, the due date unchanged) that closes the office's
     * work-queue item; a decision sent after it is a 409 naming WITHDRAWN.
     */
    @Test
    void aWithdrawalClosesThePendingExtensionRequest() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = newTask(unit);
        String a = assignmentOf(unit, taskId);
        String request = post(Tokens.officerOf(unit), "/api/assignments/" + a + "/extensions",
                "{\"requestedDueAt\": \"2022-03-31\", \"reason\": \"施工受雨季影响\"}").statusCode(201).extract().path("id");

        withdraw(Tokens.supervisor(), a, "{\"reason\": \"该事项已取消\"}").then().statusCode(200);

        List<String> statuses = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a + "/extensions").then()
                .statusCode(200).extract().path("status");
        assertEquals(List.of("WITHDRAWN"), statuses, "the pending request is closed with the work");
        List<JsonNode> decided = payloads(EXTENSION_DECIDED, taskId);
        assertEquals(1, decided.size(), "one ExtensionDecided: " + decided);
        assertEquals(request, decided.get(0).path("requestId").asText());
        assertEquals(false, decided.get(0).path("approved").asBoolean());
        assertEquals(DUE, Instant.parse(decided.get(0).path("dueAt").asText()), "the due date is unchanged");
        List<String> reasons = given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + a + "/history").then()
                .extract().path("reason");
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("延期撤销")), reasons.toString());
        Response late = post(Tokens.supervisor(), "/api/assignments/" + a + "/extensions/" + request + "/decision",
                "{\"approve\": true}").extract().response();
        assertEquals(409, late.statusCode(), late.asString());
        assertEquals("WITHDRAWN", late.path("state"));
    }

    /** Withdrawal racing 办结销号 from a barrier, many rounds: one winner, one 409, one event. */
    @Test
    void withdrawalRacingCompletionEndsInOneOfThemWithOneEvent() throws Exception {
        String supervisor = Tokens.supervisor();
        int withdrawals = 0;
        for (int round = 0; round < 20; round++) {
            UUID unit = UUID.randomUUID();
            String taskId = newTask(unit);
            String a = assignmentOf(unit, taskId);
            post(Tokens.officerOf(unit), "/api/assignments/" + a + "/reports", REPORT).statusCode(201);
            List<Response> answers = race(threads, () -> given().auth().oauth2(supervisor).post("/api/assignments/" + a + "/complete"),
                    () -> withdraw(supervisor, a, "{\"reason\": \"交办有误\"}"));
            List<Integer> codes = answers.stream().map(Response::statusCode).toList();
            assertTrue(codes.contains(200) && codes.contains(409), "round " + round + ": " + codes + " "
                    + answers.stream().map(Response::asString).toList());
            Response loser = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
            String kept = statusOf(a);
            assertEquals(kept, loser.path("state"), "round " + round + ": the loser met the winner's state");
            assertTrue(loser.path("version") != null, loser.asString());
            int completed = payloads(COMPLETED, taskId).size();
            int withdrawn = payloads(WITHDRAWN, taskId).size();
            assertEquals(1, completed + withdrawn, "round " + round + ": one event, " + completed + " completions and "
                    + withdrawn + " withdrawals");
            assertEquals("WITHDRAWN".equals(kept) ? 1 : 0, withdrawn, "round " + round + ": the event is the state kept (" + kept + ")");
            withdrawals += withdrawn;
        }
        System.out.printf("withdrawal won %d of 20 races%n", withdrawals);
    }

    /**
     * Issue 18, as StaleMissTest for 退回: each round the supervision office withdraws overdue work while a sweep reads the
     * open work (caught in pg_stat_activity; 10,000 other overdue assignments keep it busy). Either the miss is announced
     * before the withdrawal (and then closed by it, once), or not at all; never after it.
     */
    @Test
    void aMissIsNeverAnnouncedAfterTheWithdrawalOfItsWork() throws Exception {
        background(BACKGROUND_TITLE, ASSIGNED, DUE, 1000);
        List<String> stale = new ArrayList<>();
        int missedBefore = 0;
        try (Connection watching = RealInfrastructure.postgres().connect("duban_task")) {
            for (int round = 0; round < 5; round++) {
                clock.set(ASSIGNED);
                sql("update deadline_watch set swept_until = ?", Timestamp.from(ASSIGNED));
                UUID unit = UUID.randomUUID();
                String taskId = newTask(unit);
                String a = assignmentOf(unit, taskId);
                clock.set(DUE.plusSeconds(5));
                CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(watcher::sweep);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1))
                        .until(() -> sweep.isDone() || sweepReading(watching));
                withdraw(Tokens.supervisor(), a, "{\"reason\": \"交办有误\"}").then().statusCode(200);
                sweep.get(60, TimeUnit.SECONDS);

                long withdrawn = seqOf(WITHDRAWN, taskId);
                long missed = seqOf(MISSED, taskId);
                int recovered = payloads(RECOVERED, taskId).size();
                if (missed > 0) {
                    missedBefore++;
                }
                if (missed > withdrawn) {
                    stale.add("round " + round + ": DeadlineMissed (seq " + missed + ") after AssignmentWithdrawn (seq " + withdrawn + ")");
                }
                assertEquals(missed > 0 ? 1 : 0, recovered, "round " + round + ": a miss announced before is closed once");
            }
        }
        System.out.printf("%d of 5 rounds: the miss announced before the withdrawal%n", missedBefore);
        assertEquals(List.of(), stale);
    }

    // ---- helpers

    private static Response withdraw(String token, String assignmentId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/assignments/" + assignmentId + "/withdraw");
    }

    private static String newTask(UUID unit) {
        return AssignmentApi.newTask(unit, "规范村级公章使用管理", DUE);
    }
}
