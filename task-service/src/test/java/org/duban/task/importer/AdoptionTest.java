package org.duban.task.importer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;

/**
 * A county adopts the 2021 notice in Duban long after its deadlines (issue 22): imported with an adoption date (生效日期),
 * nothing before it counts against anyone — no miss at import, none at the next sweep — and the dry run lists those due
 * dates; the office re-dates a section in bulk with a reason (each unit told with DueDateChanged, a double click
 * changing nothing); only once a re-dated due date after adoption passes is the work missed, and only that work.
 * Counted on outbox rows (DeadlineMissed has no unique guard beyond its event id, DueDateChanged likewise).
 * The times are in the past of the real clock on purpose: the sweep's "now" never runs ahead of the database's.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_adopt"))
@WithTestResource(ResolveFixtureServer.class)
class AdoptionTest {

    private static final String DB = "duban_task_adopt";
    private static final String MISSED = "duban.task.deadline-missed.v1";
    private static final String CHANGED = "duban.task.due-date-changed.v1";

    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T02:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    @Test
    void aPlanAdoptedUnderWayCountsNothingBeforeItsAdoptionAndTheOfficeReDatesItInBulk() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
        byte[] notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).getBytes(StandardCharsets.UTF_8);

        given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8").body(notice)
                .post("/api/plans/import?adoptedOn=2026-13-01").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("adoptedOn"));

        // the dry run lists every due date before adoption, in Chinese dates, and writes nothing
        JsonPath dry = importNotice(notice, "?dryRun=true&adoptedOn=2026-06-01").then().statusCode(200).extract().jsonPath();
        List<String> before = dry.getList("report.dueBeforeAdoption.dueAt");
        assertTrue(before.size() >= 20, "the 2021 notice's dated tasks: " + before.size());
        assertTrue(before.contains("2021年12月31日"), before.toString());
        assertEquals(0, count("select count(*) from plan"));

        JsonPath imported = importNotice(notice, "?adoptedOn=2026-06-01").then().statusCode(201).extract().jsonPath();
        String planId = imported.getString("plans[0].id");
        long assignments = count("select count(*) from assignment");
        assertTrue(assignments > 1000, "assignments: " + assignments);
        assertEquals(0, events(MISSED), "nothing before adoption is missed at import");
        clock.set(Instant.parse("2026-06-02T02:00:00Z"));
        watcher.sweep();
        assertEquals(0, events(MISSED), "nor at the next sweep");

        // the office sets a new 完成时限 for the first section of 附件1, with a reason; sent twice, it moves once
        String sectionId = imported.getString("plans[0].annexes[0].sections[0].id");
        long inSection = count("select count(*) from assignment a join task t on t.id = a.task_id where t.section_id = '"
                + sectionId + "'");
        Map<String, Object> revision = Map.of("sectionId", sectionId, "dueOn", "2026-06-20",
                "reason", "县政府常务会议研究确定新的完成时限");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(revision)
                .post("/api/plans/" + planId + "/due-dates").then().statusCode(200)
                .body("assignmentsMoved", equalTo((int) inSection)).body("dueAt", equalTo("2026-06-20T15:59:59Z"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(revision)
                .post("/api/plans/" + planId + "/due-dates").then().statusCode(200).body("assignmentsMoved", equalTo(0));
        assertEquals(inSection, events(CHANGED), "each unit told once");
        given().auth().oauth2(Tokens.officerOf(PlanImportTest.ZWFWZX)).contentType(ContentType.JSON).body(revision)
                .post("/api/plans/" + planId + "/due-dates").then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("sectionId", sectionId, "dueOn", "2026-06-20", "reason", " "))
                .post("/api/plans/" + planId + "/due-dates").then().statusCode(400).body("errors[0].field", equalTo("reason"));

        // the re-dated due date passes: that section's work is missed, and nothing else
        clock.set(Instant.parse("2026-06-21T02:00:00Z"));
        watcher.sweep();
        assertEquals(inSection, events(MISSED));
        assertEquals(inSection, count("select count(*) from outbox_event_each e join assignment a on a.id = cast(e.payload::jsonb"
                + "->>'assignmentId' as uuid) join task t on t.id = a.task_id where e.type = '" + MISSED + "' and t.section_id = '"
                + sectionId + "' and e.payload::jsonb->>'dueAt' = '2026-06-20T15:59:59Z'"));
    }

    private static io.restassured.response.Response importNotice(byte[] notice, String query) {
        return given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8").body(notice)
                .post("/api/plans/import" + query);
    }

    private static long events(String type) {
        return count("select count(*) from outbox_event_each where type = '" + type + "'");
    }

    private static long count(String sql) {
        try (Connection c = RealInfrastructure.postgres().connect(DB); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect(DB); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
