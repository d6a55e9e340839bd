package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class DeadlineWatcherTest {

    /** 2021年底 = 2021-12-31 end of day, Asia/Shanghai. */
    private static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59Z");

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    @BeforeEach
    void installClock() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        TaskDb.sweptUntil(clock.instant());
    }

    private String assignTask(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "完善政务公开目录", "dueAt": "%s", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(END_OF_2021, unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static int outboxRows(String type, String taskId) throws Exception {
        return TaskDb.outboxRows(type, taskId);
    }

    @Test
    void aMissedDeadlineIsAnnouncedExactlyOnceEvenWhenTwoWatchersSweepAtOnce() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = assignTask(unit);

        clock.set(END_OF_2021.minus(Duration.ofDays(5)));
        watcher.sweep();
        watcher.sweep();
        assertEquals(1, outboxRows("duban.task.deadline-approaching.v1", taskId), "the 7-day reminder, once");
        clock.set(END_OF_2021.minus(Duration.ofDays(1)));
        watcher.sweep();
        assertEquals(0, outboxRows("duban.task.deadline-missed.v1", taskId), "not missed a day before");
        assertEquals(2, outboxRows("duban.task.deadline-approaching.v1", taskId), "then the 3-day reminder");

        clock.set(END_OF_2021.plusSeconds(1));
        var pool = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.supplyAsync(watcher::sweep, pool);
            var second = CompletableFuture.supplyAsync(watcher::sweep, pool);
            CompletableFuture.allOf(first, second).get();
        } finally {
            pool.shutdown();
        }
        watcher.sweep(); // and once more later: nothing new
        assertEquals(1, outboxRows("duban.task.deadline-missed.v1", taskId));
        assertEquals(2, outboxRows("duban.task.deadline-approaching.v1", taskId));

        var record = TopicProbe.await(Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()) && "duban.task.deadline-missed.v1".equals(TopicProbe.header(r, "ce_type")),
                Duration.ofSeconds(30));
        DeadlineMissed missed = EventJson.read(record.value(), DeadlineMissed.class);
        assertEquals(unit, missed.unitId());
        assertEquals(END_OF_2021, missed.dueAt());
        assertEquals(TaskDb.eventIds(MISSED, taskId).get(0).toString(), TopicProbe.header(record, "ce_id"),
                "the record carries the event's own id, by which consumers drop a repeat");
    }

    private static final String MISSED = "duban.task.deadline-missed.v1";

    /** The task's one DeadlineRecovered in the outbox. */
    private static DeadlineRecovered onlyRecovery(String taskId) throws Exception {
        return EventJson.read(TaskDb.onlyPayload("duban.task.deadline-recovered.v1", taskId, null, null), DeadlineRecovered.class);
    }

    @Test
    void aRepeatedSweepWindowAnnouncesUnderTheSameEventIdsSoConsumersDropTheRepeat() throws Exception {
        String taskId = assignTask(UUID.randomUUID());
        Instant start = clock.instant();
        clock.set(END_OF_2021.plusSeconds(1));
        watcher.sweep();
        List<UUID> first = TaskDb.eventIds(MISSED, taskId);
        assertEquals(1, first.size());
        TaskDb.sweptUntil(start); // as if that sweep had failed after its ranges committed, before it moved the mark
        watcher.sweep();
        assertEquals(List.of(first.get(0), first.get(0)), TaskDb.eventIds(MISSED, taskId));
    }

    @Test
    void aSweepsBatchRowsReachKafkaAsOneRecordPerEventEachWithItsOwnId() throws Exception {
        String taskId = assignTask(UUID.randomUUID());
        try (var c = RealInfrastructure.postgres().connect("duban_task"); var s = c.createStatement()) {
            // 2,499 more units on the same task: with the first, three batch rows of 1,000, 1,000 and 500 events
            s.execute("""
                    insert into assignment (id, task_id, unit_id, role, status, due_at, assigned_at)
                    select gen_random_uuid(), '%s', gen_random_uuid(), 'CO_RESPONSIBLE', 'ACCEPTED', '%s', '%s'
                    from generate_series(1, 2499)""".formatted(taskId, END_OF_2021, clock.instant()));
        }
        clock.set(END_OF_2021.plusSeconds(1));
        watcher.sweep();
        List<UUID> ids = TaskDb.eventIds(MISSED, taskId);
        assertEquals(2500, ids.size());
        assertEquals(2500, new java.util.HashSet<>(ids).size(), "every event its own id");

        var records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()) && MISSED.equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(2),
                Duration.ofSeconds(60));
        assertEquals(new java.util.HashSet<>(ids.stream().map(UUID::toString).toList()),
                new java.util.HashSet<>(records.stream().map(r -> TopicProbe.header(r, "ce_id")).toList()),
                "each event once on the topic, under the id it has in the outbox");
        assertEquals(2500, records.size());
        for (var r : records) {
            DeadlineMissed missed = EventJson.read(r.value(), DeadlineMissed.class);
            assertEquals(taskId, missed.taskId().toString());
            assertEquals("task-service", TopicProbe.header(r, "ce_source"));
            assertEquals(taskId, TopicProbe.header(r, "ce_subject"));
        }
    }

    @Test
    void workHandedOverAlreadyLateIsAnnouncedByTheAssignmentItselfNotAgainBySweeps() throws Exception {
        clock.set(END_OF_2021.plus(Duration.ofDays(10)));
        watcher.sweep(); // the watcher has swept past the due date before the work exists
        UUID unit = UUID.randomUUID();
        String taskId = assignTask(unit);
        assertEquals(1, TaskDb.outboxRows(MISSED, taskId, "dueKind", "FINAL"), "announced with the assignment");
        clock.set(END_OF_2021.plus(Duration.ofDays(11)));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows(MISSED, taskId));

        finish(unit, assignmentOf(unit));
        DeadlineRecovered recovered = onlyRecovery(taskId);
        assertEquals(List.of("FINAL", "COMPLETED", END_OF_2021.toString()),
                List.of(recovered.dueKind(), recovered.how(), recovered.dueAt().toString()));
    }

    /** The unit reports the work done (100 %) and the supervision office completes it (办结销号). */
    private static void finish(UUID unit, String assignment) {
        post(Tokens.officerOf(unit), "/api/assignments/" + assignment + "/reports", "{\"percentComplete\": 100, \"narrative\": \"完成\"}", 201);
        post(Tokens.supervisor(), "/api/assignments/" + assignment + "/complete", null, 200);
    }

    @Test
    void aMilestoneConfirmedAfterItsDateIsAnnouncedByTheConfirmation() throws Exception {
        UUID lead = UUID.randomUUID();
        String taskId = assignTask(lead);
        Instant october = Instant.parse("2021-10-31T15:59:59Z");
        UUID m = TaskDb.milestone(taskId, 1, "2021年10月底前完成梳理", october, null, "PROPOSED");
        clock.set(october.plus(Duration.ofDays(3)));
        watcher.sweep();
        assertEquals(0, TaskDb.outboxRows(MISSED, taskId), "a proposed milestone is not watched");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{}")
                .put("/api/tasks/" + taskId + "/milestones/" + m).then().statusCode(200);
        assertEquals(1, TaskDb.outboxRows(MISSED, taskId, "dueKind", "MILESTONE"), "announced when confirmed");
        clock.set(october.plus(Duration.ofDays(4)));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows(MISSED, taskId));
    }

    @Test
    void aShorterCadenceAnnouncesThePeriodsItMakesOverdueBehindTheMark() throws Exception {
        UUID unit = UUID.randomUUID();
        // ongoing work assigned 2021-07-23 10:00 (Asia/Shanghai), quarterly by default: nothing due by 2021-09-01
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "持续推进政务公开", "assignments": [{"unitId": "%s", "role": "LEAD"}]}""".formatted(unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        clock.set(Instant.parse("2021-09-01T00:00:00Z"));
        watcher.sweep();
        assertEquals(0, TaskDb.outboxRows(MISSED, taskId));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\": \"P1M\"}")
                .put("/api/tasks/" + taskId + "/cadence").then().statusCode(200);
        DeadlineMissed missed = EventJson.read(TaskDb.onlyPayload(MISSED, taskId, "dueKind", "REPORT"), DeadlineMissed.class);
        assertEquals(Instant.parse("2021-08-23T02:00:00Z"), missed.dueAt(), "monthly: the first report was due 2021-08-23");
        clock.set(Instant.parse("2021-09-23T02:00:01Z"));
        watcher.sweep();
        assertEquals(2, TaskDb.outboxRows(MISSED, taskId), "and the second, once its date passes");
    }

    @Test
    void workAssignedTwoDaysBeforeItsDeadlineGetsOnlyTheThreeDayReminder() throws Exception {
        clock.set(END_OF_2021.minus(Duration.ofDays(2)));
        String taskId = assignTask(UUID.randomUUID());
        watcher.sweep();
        clock.set(END_OF_2021.minus(Duration.ofDays(1)));
        watcher.sweep();
        assertEquals(1, outboxRows("duban.task.deadline-approaching.v1", taskId));
    }

    @Test
    void ongoingWorkWithoutADueDateHasNoFinalDeadlineToMiss() throws Exception {
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "持续推进政务公开", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(UUID.randomUUID()))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        watcher.sweep();
        assertEquals(0, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueKind", "FINAL"));
    }

    private static String assignmentOf(UUID unit) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("[0].id");
    }

    private static void post(String token, String path, String body, int status) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        request.post(path).then().statusCode(status);
    }

    @Test
    void aMissedConfirmedMilestoneIsAnnouncedToTheLeadAndRecoveredWhenAReportReachesItsTarget() throws Exception {
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "2021年10月底前实现130项“一件事一次办”", "dueAt": "%s",
                         "assignments": [{"unitId": "%s", "role": "LEAD"}, {"unitId": "%s", "role": "CO_RESPONSIBLE"}]}"""
                        .formatted(END_OF_2021, lead, co))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        Instant october = Instant.parse("2021-10-31T15:59:59Z");
        UUID m = TaskDb.milestone(taskId, 1, "2021年10月底前实现130项", october, new java.math.BigDecimal("130"), "CONFIRMED");
        TaskDb.milestone(taskId, 2, "2021年9月底前完成梳理（拟）", Instant.parse("2021-09-30T15:59:59Z"), null, "PROPOSED");

        clock.set(october.minus(Duration.ofDays(6)));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-approaching.v1", taskId, "dueKind", "MILESTONE"),
                "the 7-day reminder of the confirmed milestone, to the lead unit only; the proposed one is not watched");
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-approaching.v1", taskId, "unitId", lead.toString()));

        clock.set(october.plusSeconds(60));
        watcher.sweep();
        String missed = TaskDb.onlyPayload("duban.task.deadline-missed.v1", taskId, "dueKind", "MILESTONE");
        DeadlineMissed event = EventJson.read(missed, DeadlineMissed.class);
        assertEquals(lead, event.unitId());
        assertEquals(october, event.dueAt());
        assertEquals("2021年10月底前实现130项", event.dueLabel());
        assertEquals(0, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueKind", "FINAL"));

        String leadA = assignmentOf(lead);
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 73, "narrative": "已实现95项", "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": 95}]}"""
                .formatted(m), 201);
        assertEquals(0, TaskDb.outboxRows("duban.task.deadline-recovered.v1", taskId), "95 of 130 is not caught up");
        post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/reports", """
                {"percentComplete": 100, "narrative": "已实现130项", "milestoneActuals": [{"milestoneId": "%s", "actualQuantity": 130}]}"""
                .formatted(m), 201);
        DeadlineRecovered recovered = onlyRecovery(taskId);
        assertEquals("MILESTONE", recovered.dueKind());
        assertEquals("REPORTED", recovered.how());
        assertEquals(october, recovered.dueAt());
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId));
    }

    @Test
    void ongoingWorkMissesAPeriodicReportAndALateReportRecoversIt() throws Exception {
        UUID unit = UUID.randomUUID();
        // assigned 2021-07-23 10:00 (Asia/Shanghai); quarterly (P3M): the first report is due 2021-10-23 10:00
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "持续推进政务公开标准化规范化", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        Instant firstDue = Instant.parse("2021-10-23T02:00:00Z");

        clock.set(firstDue.minus(Duration.ofDays(2)));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-approaching.v1", taskId, "dueKind", "REPORT"));
        clock.set(firstDue.plusSeconds(1));
        watcher.sweep();
        watcher.sweep();
        DeadlineMissed missed = EventJson.read(
                TaskDb.onlyPayload("duban.task.deadline-missed.v1", taskId, "dueKind", "REPORT"), DeadlineMissed.class);
        assertEquals(firstDue, missed.dueAt());
        assertEquals("第1期 2021-07-23至2021-10-23", missed.dueLabel());

        clock.set(firstDue.plus(Duration.ofDays(5)));
        post(Tokens.officerOf(unit), "/api/assignments/" + assignmentOf(unit) + "/reports",
                "{\"percentComplete\": 30, \"narrative\": \"第三季度进展（迟报）\", \"period\": \"2021-Q3\"}", 201);
        DeadlineRecovered recovered = onlyRecovery(taskId);
        assertEquals("REPORT", recovered.dueKind());
        assertEquals("REPORTED", recovered.how());

        // The next quarter's report (due 2022-01-23) is covered by the report filed in that quarter; the one after
        // (due 2022-04-23) is missed.
        clock.set(Instant.parse("2022-04-24T00:00:00Z"));
        watcher.sweep();
        assertEquals(2, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueKind", "REPORT"));
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueAt", "2022-04-23T02:00:00Z"));
    }

    @Test
    void aMissedFinalDeadlineIsRecoveredOnceByCompletion() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = assignTask(unit);
        String a = assignmentOf(unit);
        clock.set(END_OF_2021.plus(Duration.ofDays(1)));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueKind", "FINAL"));
        post(Tokens.officerOf(unit), "/api/assignments/" + a + "/reports", "{\"percentComplete\": 100, \"narrative\": \"完成\"}", 201);
        assertEquals(0, TaskDb.outboxRows("duban.task.deadline-recovered.v1", taskId), "a report does not meet a final deadline");
        post(Tokens.supervisor(), "/api/assignments/" + a + "/complete", null, 200);
        watcher.sweep();
        DeadlineRecovered recovered = onlyRecovery(taskId);
        assertEquals("FINAL", recovered.dueKind());
        assertEquals("COMPLETED", recovered.how());
        assertEquals(END_OF_2021, recovered.dueAt());
    }

    @Test
    void anApprovedExtensionRecoversTheMissAndTheNewDueDateIsRemindedAfresh() throws Exception {
        UUID unit = UUID.randomUUID();
        String taskId = assignTask(unit);
        String a = assignmentOf(unit);
        clock.set(END_OF_2021.minus(Duration.ofDays(2)));
        watcher.sweep();
        clock.set(END_OF_2021.plus(Duration.ofDays(1)));
        watcher.sweep();
        Instant extended = Instant.parse("2022-03-31T15:59:59Z");
        String request = given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body("{\"requestedDueAt\": \"%s\", \"reason\": \"资金未到位\"}".formatted(extended))
                .post("/api/assignments/" + a + "/extensions").then().statusCode(201).extract().path("id");
        post(Tokens.supervisor(), "/api/assignments/" + a + "/extensions/" + request + "/decision", "{\"approve\": true}", 200);
        DeadlineRecovered recovered = onlyRecovery(taskId);
        assertEquals("EXTENDED", recovered.how());

        clock.set(extended.minus(Duration.ofDays(6)));
        watcher.sweep();
        clock.set(extended.minus(Duration.ofDays(2)));
        watcher.sweep();
        assertEquals(2, TaskDb.outboxRows("duban.task.deadline-approaching.v1", taskId, "dueAt", extended.toString()),
                "the 7- and the 3-day reminder of the new due date");
        clock.set(extended.plusSeconds(1));
        watcher.sweep();
        assertEquals(1, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId, "dueAt", extended.toString()));
        assertEquals(2, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId));
    }

    @Test
    void twoWatchersSweepingTrulyAtOnceAnnounceEveryNoticeOnce() throws Exception {
        UUID unit = UUID.randomUUID();
        var tasks = new java.util.ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            tasks.add(assignTask(unit));
        }
        clock.set(END_OF_2021.plusSeconds(5));
        var barrier = new java.util.concurrent.CyclicBarrier(2);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var sweeps = new java.util.ArrayList<CompletableFuture<Integer>>();
            for (int i = 0; i < 2; i++) {
                sweeps.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return watcher.sweep();
                }, pool));
            }
            CompletableFuture.allOf(sweeps.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }
        for (String taskId : tasks) {
            assertEquals(1, TaskDb.outboxRows("duban.task.deadline-missed.v1", taskId), "task " + taskId);
        }
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("""
                        select count(*) from outbox_event_each
                        where type = 'duban.task.deadline-missed.v1' and cast(payload as jsonb) ->> 'unitId' = ?""")) {
            s.setString(1, unit.toString());
            var rs = s.executeQuery();
            rs.next();
            assertEquals(40, rs.getInt(1));
        }
    }
}
