package org.duban.task.deadline;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 18: a DeadlineMissed read by a sweep from a snapshot of open work must not be announced after the work was
 * returned (退回). Each round, a unit returns its overdue assignment while a sweep is reading the open work (caught in
 * {@code pg_stat_activity}; 10,000 other overdue assignments keep the sweep busy): either the sweep announces the miss
 * before the return is announced, or it announces none. Never the miss after the return.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class StaleMissTest {

    private static final int ROUNDS = 8;
    private static final int BACKGROUND = 10_000;
    private static final Instant ASSIGNED = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final String TITLE = "背景任务";

    private final TestClock clock = new TestClock(ASSIGNED);

    @Inject
    DeadlineWatcher watcher;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @AfterEach
    void withdrawTheBackground() throws Exception {
        DeadlineDb.withdrawBackground(TITLE);
    }

    @Test
    void aMissIsNeverAnnouncedAfterTheReturnOfItsWork() throws Exception {
        DeadlineDb.background(TITLE, ASSIGNED, DUE, BACKGROUND / 10);
        List<String> stale = new ArrayList<>();
        int missedBefore = 0;
        Connection watching = RealInfrastructure.postgres().connect("duban_task");
        for (int round = 0; round < ROUNDS; round++) {
            clock.set(ASSIGNED);
            DeadlineDb.sql("update deadline_watch set swept_until = ?", Timestamp.from(ASSIGNED));
            UUID unit = UUID.randomUUID();
            String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                    .body("{\"title\": \"完善政务公开目录\", \"dueAt\": \"%s\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"}]}"
                            .formatted(DUE, unit))
                    .post("/api/tasks").then().statusCode(201).extract().path("id");
            String a = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit).then()
                    .statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));

            clock.set(DUE.plusSeconds(5));
            CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(watcher::sweep);
            // the return goes in while the sweep reads the open work
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> sweep.isDone() || DeadlineDb.sweepReading(watching));
            given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body("{\"reason\": \"不属于本单位职责\"}")
                    .post("/api/assignments/" + a + "/return").then().statusCode(200);
            sweep.get(60, TimeUnit.SECONDS);

            long returned = DeadlineDb.seqOf("duban.task.assignment-returned.v1", taskId);
            long missed = DeadlineDb.seqOf("duban.task.deadline-missed.v1", taskId);
            if (missed > 0) {
                missedBefore++;
            }
            if (missed > returned) {
                stale.add("round " + round + ": DeadlineMissed (seq " + missed + ") after AssignmentReturned (seq " + returned + ")");
            }
        }
        watching.close();
        System.out.printf("%d of %d rounds: the miss announced before the return%n", missedBefore, ROUNDS);
        assertEquals(List.of(), stale);
    }
}
