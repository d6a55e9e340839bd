package org.duban.task.assignment;

import static io.restassured.RestAssured.given;
import static org.duban.task.assignment.AssignmentApi.REPORT;
import static org.duban.task.assignment.AssignmentApi.assignmentOf;
import static org.duban.task.assignment.AssignmentApi.post;
import static org.duban.task.assignment.AssignmentApi.race;
import static org.duban.task.assignment.AssignmentApi.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duban.events.Topics;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
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
 * Two commands on one assignment at the same moment (issue 18, concurrency control): each race is run in two threads
 * released together by a {@link CyclicBarrier}, many rounds, each round on a task of its own. Exactly one command
 * wins (2xx), the other gets a 409 problem naming the state and the version, and exactly one event for the
 * assignment reaches {@code duban.task.events}, as an outside consumer reads the topic.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class AssignmentRacesTest {

    private static final int ROUNDS = 20;
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));
    private ExecutorService threads;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(clock, Clock.class);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A double-clicked 办结销号: one completion, one 409, one {@code TaskCompleted}. */
    @Test
    void doubleClickedCompletionCompletesOnceAndAnnouncesOnce() throws Exception {
        String supervisor = Tokens.supervisor();
        Map<String, String> assignmentOfTask = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID unit = UUID.randomUUID();
            String taskId = newTask(unit);
            String a = assignmentOf(unit, taskId);
            post(Tokens.officerOf(unit), "/api/assignments/" + a + "/reports", REPORT).statusCode(201);
            int before = versionOf(a);
            assertTrue(before > 0, "a report raised the version of the assignment: " + before);
            String path = "/api/assignments/" + a + "/complete";
            List<Response> answers = race(threads, () -> given().auth().oauth2(supervisor).post(path),
                    () -> given().auth().oauth2(supervisor).post(path));
            assertOneWinnerOneConflict(answers, "round " + round);
            assertEquals("COMPLETED", statusOf(a));
            Response loser = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
            assertEquals("COMPLETED", loser.path("state"), "the loser met the winner's completion");
            int after = versionOf(a);
            assertTrue(after > before, "the completion raised the version: " + before + " → " + after);
            assertEquals(after, ((Number) loser.path("version")).intValue(), "and its version: " + loser.asString());
            assignmentOfTask.put(taskId, a);
        }
        assertEachAnnouncedOnce(assignmentOfTask, "duban.task.completed.v1", "TaskCompleted");
    }

    /** Approve and reject of one extension request at once: one decision, one 409, one {@code ExtensionDecided}. */
    @Test
    void approveRacingRejectDecidesOnceAndAnnouncesOnce() throws Exception {
        String supervisor = Tokens.supervisor();
        Map<String, String> assignmentOfTask = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID unit = UUID.randomUUID();
            String taskId = newTask(unit);
            String a = assignmentOf(unit, taskId);
            String requestId = post(Tokens.officerOf(unit), "/api/assignments/" + a + "/extensions", """
                    {"requestedDueAt": "2022-03-31T15:59:59Z", "reason": "需协调省级部门"}""").statusCode(201)
                    .extract().path("id");
            String path = "/api/assignments/" + a + "/extensions/" + requestId + "/decision";
            List<Response> answers = race(threads,
                    () -> given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                            .body("{\"approve\": true, \"note\": \"同意\"}").post(path),
                    () -> given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                            .body("{\"approve\": false, \"note\": \"理由不充分\"}").post(path));
            assertOneWinnerOneConflict(answers, "round " + round);
            Response winner = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
            String decided = winner.path("status");
            List<String> stored = given().auth().oauth2(supervisor).get("/api/assignments/" + a + "/extensions").then()
                    .statusCode(200).extract().path("status");
            assertEquals(List.of(decided), stored, "the winner's decision is the one kept");
            String dueAt = given().auth().oauth2(supervisor).get("/api/assignments/" + a).then().extract().path("dueAt");
            assertEquals("APPROVED".equals(decided) ? Instant.parse("2022-03-31T15:59:59Z") : DUE, Instant.parse(dueAt),
                    "the due date in force follows the winner");
            assignmentOfTask.put(taskId, a);
        }
        assertEachAnnouncedOnce(assignmentOfTask, "duban.task.extension-decided.v1", "ExtensionDecided");
    }

    /**
     * 办结销号 racing 复核退回 of the same report: either the work is completed (and announced so) or sent back (and
     * announced so), never both; an announced completion never sits on open work.
     */
    @Test
    void completionRacingSendBackEndsInOneOfThemWithOneEvent() throws Exception {
        String supervisor = Tokens.supervisor();
        Map<String, String> assignmentOfTask = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID unit = UUID.randomUUID();
            String taskId = newTask(unit);
            String a = assignmentOf(unit, taskId);
            post(Tokens.officerOf(unit), "/api/assignments/" + a + "/reports", REPORT).statusCode(201);
            String base = "/api/assignments/" + a;
            List<Response> answers = race(threads, () -> given().auth().oauth2(supervisor).post(base + "/complete"),
                    () -> given().auth().oauth2(supervisor).contentType(ContentType.JSON)
                            .body("{\"approve\": false, \"note\": \"缺少佐证材料\"}").post(base + "/review"));
            assertOneWinnerOneConflict(answers, "round " + round);
            String expected = answers.get(0).statusCode() == 200 ? "COMPLETED" : "IN_PROGRESS";
            assertEquals(expected, statusOf(a), "round " + round + ": the state the winner left");
            assignmentOfTask.put(taskId, a);
        }
        Map<String, List<String>> announced = announced(assignmentOfTask,
                Set.of("duban.task.completed.v1", "duban.task.report-reviewed.v1"));
        for (String a : assignmentOfTask.values()) {
            List<String> types = announced.getOrDefault(a, List.of());
            assertEquals(1, types.size(), "one completion or one send-back for assignment " + a + ": " + types);
            assertEquals("COMPLETED".equals(statusOf(a)) ? "duban.task.completed.v1" : "duban.task.report-reviewed.v1",
                    types.get(0), "the event announced is the state kept, for assignment " + a);
        }
    }

    // ---- helpers

    private static void assertOneWinnerOneConflict(List<Response> answers, String round) {
        List<Integer> codes = answers.stream().map(Response::statusCode).toList();
        long won = codes.stream().filter(c -> c >= 200 && c < 300).count();
        long lost = codes.stream().filter(c -> c == 409).count();
        assertTrue(won == 1 && lost == 1, round + ": one 2xx and one 409, got " + codes + " "
                + answers.stream().map(Response::asString).toList());
        Response loser = answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertTrue(loser.contentType().startsWith("application/problem+json"), round + ": " + loser.contentType());
        assertTrue(loser.path("state") != null, round + ": the 409 names the state: " + loser.asString());
        assertTrue(loser.path("version") != null, round + ": the 409 names the version: " + loser.asString());
    }

    /** Exactly one event of {@code type} was announced for each race's assignment (counted on the topic). */
    private static void assertEachAnnouncedOnce(Map<String, String> assignmentOfTask, String type, String name)
            throws Exception {
        Map<String, List<String>> announced = announced(assignmentOfTask, Set.of(type));
        assignmentOfTask.values().forEach(a -> assertEquals(1, announced.getOrDefault(a, List.of()).size(),
                "one " + name + " for assignment " + a + ": " + announced.get(a)));
    }

    /**
     * The records of the given types on duban.task.events for these tasks, by assignment (their types): read from the
     * beginning until one per assignment arrived, then two seconds more for a late duplicate.
     */
    private static Map<String, List<String>> announced(Map<String, String> assignmentOfTask, Set<String> types)
            throws Exception {
        Set<String> expected = Set.copyOf(assignmentOfTask.values());
        Map<String, List<String>> byAssignment = new HashMap<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        // collect(...) stops two seconds after the last match; the first ones arrive within seconds of the commits
        records.addAll(TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.TASK_EVENTS,
                r -> assignmentOfTask.containsKey(r.key()) && types.contains(TopicProbe.header(r, "ce_type")),
                Duration.ofSeconds(3), Duration.ofSeconds(60)));
        for (ConsumerRecord<String, String> r : records) {
            JsonNode payload = JSON.readTree(r.value());
            String assignment = payload.path("assignmentId").asText();
            byAssignment.computeIfAbsent(assignment, k -> new ArrayList<>()).add(TopicProbe.header(r, "ce_type"));
        }
        assertTrue(byAssignment.keySet().containsAll(expected), "every assignment announced something: " + byAssignment);
        return byAssignment;
    }

    private static String newTask(UUID unit) {
        return AssignmentApi.newTask(unit, "推进政务服务“一件事一次办”", DUE);
    }

    private static int versionOf(String assignmentId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + assignmentId).then().statusCode(200)
                .extract().path("version");
    }
}
