package org.duban.task.deadline;

import static org.duban.task.deadline.DeadlineDb.payloads;
import static org.duban.task.deadline.DeadlineDb.sql;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 18, time: a report period is computed on Beijing's calendar whatever the JVM's and the database session's
 * zone, and a sweep never announces ahead of the database's clock, the one every instance shares.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class OneClockOneZoneTest {


    private final TestClock clock = new TestClock(Instant.parse("2021-01-30T17:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    /**
     * Assigned 2021-01-30T17:00Z, i.e. 01-31 01:00 in Beijing, monthly reports: the first period ends a month later in
     * Beijing, 02-28 01:00 (2021-02-27T17:00Z), not on 03-01 as a month added in UTC (where it is still 01-30) would
     * say. This JVM runs in the machine's zone; a JDBC connection takes its session zone from it (UTC here), so the
     * database alone would add the month in UTC.
     */
    @Test
    void aMonthlyPeriodEndsAMonthLaterInBeijing() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        System.out.println("JVM default zone: " + TimeZone.getDefault().getID());
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
        UUID unit = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"持续推进政务公开\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"}]}".formatted(unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        sql("update task set reporting_cadence = 'P1M' where id = ?", UUID.fromString(taskId));

        clock.set(Instant.parse("2021-03-02T00:00:00Z"));
        watcher.sweep();
        List<JsonNode> missed = payloads("duban.task.deadline-missed.v1", taskId);
        assertEquals(1, missed.size(), "one period missed: " + missed);
        assertEquals(Instant.parse("2021-02-27T17:00:00Z"), Instant.parse(missed.get(0).path("dueAt").asText()), missed.toString());
        assertEquals("第1期 2021-01-31至2021-02-28", missed.get(0).path("dueLabel").asText());
    }

    /**
     * This instance's clock runs an hour ahead of the database's: a due date twenty minutes from now (on the database's
     * clock) is not announced as missed, and no mark moves past the database's now.
     */
    @Test
    void aClockRunningAheadDoesNotAnnounceAheadOfTheDatabase() throws Exception {
        List<Object[]> marks = new ArrayList<>();
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var rs = c.createStatement().executeQuery("select id, swept_until from deadline_watch")) {
            while (rs.next()) {
                marks.add(new Object[] {rs.getInt(1), rs.getTimestamp(2)});
            }
        }
        try {
            Instant databaseNow = databaseNow();
            TestClock ahead = new TestClock(databaseNow.minus(Duration.ofMinutes(5)));
            QuarkusMock.installMockForType(ahead, Clock.class);
            sql("update deadline_watch set swept_until = ?",
                    Timestamp.from(databaseNow.minus(Duration.ofMinutes(10))));
            Instant due = databaseNow.plus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            UUID unit = UUID.randomUUID();
            String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                    .body("{\"title\": \"完善政务公开目录\", \"dueAt\": \"%s\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"}]}"
                            .formatted(due, unit))
                    .post("/api/tasks").then().statusCode(201).extract().path("id");

            ahead.set(databaseNow.plus(Duration.ofHours(1)));
            watcher.sweep();
            assertEquals(List.of(), payloads("duban.task.deadline-missed.v1", taskId),
                    "not missed yet on the database's clock");
            Instant latestMark;
            try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                    var rs = c.createStatement().executeQuery("select max(swept_until) from deadline_watch")) {
                rs.next();
                latestMark = rs.getTimestamp(1).toInstant();
            }
            assertTrue(!latestMark.isAfter(databaseNow()), "no mark ahead of the database's clock: " + latestMark);
        } finally {
            // later tests of this database start their clocks in 2021
            try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                    var s = c.prepareStatement("update deadline_watch set swept_until = ? where id = ?")) {
                for (Object[] mark : marks) {
                    s.setTimestamp(1, (Timestamp) mark[1]);
                    s.setInt(2, (Integer) mark[0]);
                    s.executeUpdate();
                }
            }
        }
    }

    private static Instant databaseNow() throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var rs = c.createStatement().executeQuery("select now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
