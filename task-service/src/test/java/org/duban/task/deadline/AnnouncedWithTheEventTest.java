package org.duban.task.deadline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

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

/**
 * Issue 18: "announced" is a fact committed with the event. A sweep fails after the range of one assignment has
 * committed its DeadlineMissed (the failure is injected into the database: a trigger refuses the outbox row of the
 * other assignment's range); the extension of the announced assignment, approved afterwards, is announced with
 * exactly one DeadlineRecovered, and the next sweep does not announce the committed miss again.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class AnnouncedWithTheEventTest {

    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    @BeforeEach
    void installClock() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
    }

    @Test
    void aSweepFailingAfterARangeLeavesThatRangesMissesRecoverable() throws Exception {
        UUID unitA = UUID.randomUUID();
        String taskA = newTask(unitA);
        String a = assignmentOf(unitA, taskA);
        UUID unitB;
        String taskB;
        String b;
        do { // B in another range than A (63 times in 64 at the first try)
            unitB = UUID.randomUUID();
            taskB = newTask(unitB);
            b = assignmentOf(unitB, taskB);
        } while (DeadlineCursor.rangeOf(UUID.fromString(b)) == DeadlineCursor.rangeOf(UUID.fromString(a)));
        String failing = b;

        clock.set(DUE.plusSeconds(5));
        failOutboxRowsNaming(b);
        try {
            assertThrows(RuntimeException.class, () -> watcher.sweep(), "the range of " + failing + " fails");
        } finally {
            sql("drop trigger if exists inject_sweep_failure on outbox_event");
        }
        assertEquals(1, events("duban.task.deadline-missed.v1", taskA), "the range of A committed its miss");
        assertEquals(0, events("duban.task.deadline-missed.v1", taskB), "the range of B failed");

        // A's unit gets an extension of the missed date: the miss was announced, so it is recovered, once
        approveExtension(unitA, a);
        assertEquals(1, events("duban.task.deadline-recovered.v1", taskA), "exactly one DeadlineRecovered for A");

        // the next sweep announces B's miss, and not A's again
        clock.set(DUE.plusSeconds(60));
        watcher.sweep();
        assertEquals(1, events("duban.task.deadline-missed.v1", taskA), "A's miss is not announced again");
        assertEquals(1, events("duban.task.deadline-missed.v1", taskB), "B's miss is announced by the next sweep");
        approveExtension(unitB, b);
        assertEquals(1, events("duban.task.deadline-recovered.v1", taskB));
    }

    /** The injected failure: any outbox row carrying an event of {@code assignmentId} is refused. */
    private static void failOutboxRowsNaming(String assignmentId) throws Exception {
        sql("""
                create or replace function inject_sweep_failure() returns trigger language plpgsql as $$
                begin
                  if coalesce(new.payloads, new.payload) like '%%%1$s%%' then
                    raise exception 'injected: the sweep fails in the range of %1$s';
                  end if;
                  return new;
                end $$""".formatted(assignmentId));
        sql("drop trigger if exists inject_sweep_failure on outbox_event");
        sql("create trigger inject_sweep_failure before insert on outbox_event for each row execute function inject_sweep_failure()");
    }

    private static void approveExtension(UUID unit, String assignment) {
        String request = given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body("{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"需协调省级部门\"}")
                .post("/api/assignments/" + assignment + "/extensions").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"approve\": true, \"note\": \"同意\"}")
                .post("/api/assignments/" + assignment + "/extensions/" + request + "/decision").then().statusCode(200);
    }

    private static String newTask(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "完善政务公开目录", "dueAt": "%s", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                        .formatted(DUE, unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    /** Events of a type for a task in the outbox (batch rows counted event by event). */
    static int events(String type, String taskId) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select count(*) from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
