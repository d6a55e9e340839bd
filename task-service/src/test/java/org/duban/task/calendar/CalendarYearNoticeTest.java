package org.duban.task.calendar;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 18, the 1 December notice: from 1 December (Beijing time), while next year's working-day calendar is not known,
 * {@code CalendarYearUnknown} is announced for that year, once however many instances check at once; not on 30 November,
 * and not for a year an admin has entered. Far-off years (2060–2072) that no other test enters.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class CalendarYearNoticeTest {

    private static final String TYPE = "duban.task.calendar-year-unknown.v1";
    private static final int ROUNDS = 10;
    private static final int INSTANCES = 3;

    @Inject
    CalendarYearNotice notice;

    @Test
    void nextYearUnknownOnTheFirstOfDecemberIsAnnouncedOnceEvenWhenInstancesCheckTogether() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2060-11-30T15:59:59Z")); // 30 November 23:59:59 in Beijing
        QuarkusMock.installMockForType(clock, Clock.class);
        assertEquals(OptionalInt.empty(), notice.check(), "30 November: not yet");
        assertEquals(0, count(2061));

        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int year = 2061 + round;
                clock.set(Instant.parse((year - 1) + "-11-30T16:00:00Z")); // 1 December 00:00 in Beijing
                CyclicBarrier barrier = new CyclicBarrier(INSTANCES);
                List<Future<OptionalInt>> checks = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    checks.add(pool.submit(() -> {
                        barrier.await();
                        return notice.check();
                    }));
                }
                int announced = 0;
                for (Future<OptionalInt> check : checks) {
                    OptionalInt y = check.get();
                    if (y.isPresent()) {
                        assertEquals(year, y.getAsInt());
                        announced++;
                    }
                }
                assertEquals(1, announced, "round " + round + ": one instance announces " + year);
                assertEquals(1, count(year), "one event for " + year);
                // a restart, the next hourly check
                assertEquals(OptionalInt.empty(), notice.check());
                assertEquals(1, count(year));
            }
        } finally {
            pool.shutdownNow();
        }
        String payload = only(2061);
        assertTrue(payload.contains("\"year\":2061") && payload.contains("\"checkedOn\":\"2060-12-01\""), payload);
        assertEquals(CalendarYearNotice.eventId(2061), idOf(2061));
    }

    @Test
    void aYearTheAdminEnteredIsNotAnnounced() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2071-11-20T02:00:00Z"));
        QuarkusMock.installMockForType(clock, Clock.class);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"daysOff\": [\"2072-01-01\"], \"makeUpDays\": [], \"reason\": \"国务院办公厅关于2072年部分节假日安排的通知\"}")
                .put("/api/calendar/2072").then().statusCode(200);
        clock.set(Instant.parse("2071-12-01T02:00:00Z"));
        assertEquals(OptionalInt.empty(), notice.check());
        assertEquals(0, count(2072));
    }

    private static int count(int year) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select count(*) from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, TYPE);
            s.setString(2, "calendar-" + year);
            var rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String only(int year) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select payload from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, TYPE);
            s.setString(2, "calendar-" + year);
            var rs = s.executeQuery();
            rs.next();
            return rs.getString(1).replace(" ", "");
        }
    }

    private static UUID idOf(int year) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select id from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, TYPE);
            s.setString(2, "calendar-" + year);
            var rs = s.executeQuery();
            rs.next();
            return (UUID) rs.getObject(1);
        }
    }
}
