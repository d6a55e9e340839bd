package org.duban.task.assignment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        sql("update assignment set status = 'WITHDRAWN' where task_id in (select id from task where title like '" + BACKGROUND_TITLE + "%')");
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
            List<Response> answers = race(() -> given().auth().oauth2(supervisor).post("/api/assignments/" + a + "/complete"),
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
        sql("""
                insert into task (id, title, due_at, created_at, deadline_kind)
                select gen_random_uuid(), '%1$s' || g, '%3$s', '%2$s', 'DATE' from generate_series(1, 10) g;
                insert into assignment (id, task_id, unit_id, role, status, due_at, assigned_at)
                select gen_random_uuid(), t.id, u.id, 'LEAD', 'ACCEPTED', t.due_at, '%2$s'
                from task t cross join (select gen_random_uuid() as id from generate_series(1, 1000)) u
                where t.title like '%1$s%%';
                analyze assignment""".formatted(BACKGROUND_TITLE, ASSIGNED, DUE));
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

    private static final String REPORT = "{\"percentComplete\": 100, \"narrative\": \"已全部完成\"}";

    private static Response withdraw(String token, String assignmentId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/assignments/" + assignmentId + "/withdraw");
    }

    private List<Response> race(Supplier<Response> first, Supplier<Response> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Response>> running = new ArrayList<>();
        for (Supplier<Response> command : List.of(first, second)) {
            running.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return command.get();
            }));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : running) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static String newTask(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "规范村级公章使用管理", "dueAt": "%s",
                         "assignments": [{"unitId": "%s", "role": "LEAD"}]}""".formatted(DUE, unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    private static String statusOf(String assignmentId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + assignmentId).then().statusCode(200)
                .extract().path("status");
    }

    private static io.restassured.response.ValidatableResponse post(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    /** A sweep's query of open work is running. */
    private static boolean sweepReading(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("""
                select count(*) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()
                  and query like '%from assignment a%' and query like '%a.due_at > $1%'""")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** The payloads of a type's events for a task, in outbox order: counted on the outbox rows (no unique guard there). */
    private static List<JsonNode> payloads(String type, String taskId) throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select payload from outbox_event_each where type = ? and aggregate_id = ? order by seq")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            while (rs.next()) {
                payloads.add(JSON.readTree(rs.getString(1)));
            }
        }
        return payloads;
    }

    /** The outbox seq of the one event of a type for a task; 0 when there is none. */
    private static long seqOf(String type, String taskId) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select seq from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            long seq = rs.next() ? rs.getLong(1) : 0;
            if (rs.next()) {
                throw new AssertionError("more than one " + type + " for task " + taskId);
            }
            return seq;
        }
    }

    private static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
