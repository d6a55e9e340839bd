package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.DeadlineMissed;
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
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private String assignTask(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "完善政务公开目录", "dueAt": "%s", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(END_OF_2021, unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static int outboxRows(String type, String taskId) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select count(*) from outbox_event where type = ? and aggregate_id = ?")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
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
    void ongoingWorkWithoutADueDateIsNeverMissed() throws Exception {
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "持续推进政务公开", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(UUID.randomUUID()))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        watcher.sweep();
        assertEquals(0, outboxRows("duban.task.deadline-missed.v1", taskId));
    }
}
