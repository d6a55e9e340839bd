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

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;

/**
 * Work already done when a county adopts the 2021 notice (issue 22): imported in 2026 with 附件1（一） and 附件2（三） marked
 * done (办结) with a reason, their assignments are made completed and announced as completions (TaskAssigned, then
 * TaskCompleted on time): no DeadlineMissed for them at import or at the next sweep, while every other assignment of a
 * task due in 2021 is missed at import as before. The dry run lists them; a name no task has, or no reason, is a 400 and
 * nothing is saved. Their TaskAssigned carries {@code completedAtImport}. Counted on outbox rows (DeadlineMissed has no unique guard beyond its event id).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_done"))
@WithTestResource(ResolveFixtureServer.class)
class DoneAtImportTest {

    private static final String DB = "duban_task_done";
    private static final String MISSED = "duban.task.deadline-missed.v1";
    private static final String COMPLETED = "duban.task.completed.v1";
    private static final String ASSIGNED = "duban.task.assigned.v1";
    private static final String DONE = "附件1（一）, 附件2(三)";
    private static final String REASON = "已于2021年12月办结，经县政府督查室核实";
    /** The assignments of the two tasks marked done, by annex label and printed number. */
    private static final String OF_DONE = "select a.id from assignment a join task t on t.id = a.task_id join section s on s.id = t.section_id"
            + " join annex x on x.id = s.annex_id where (x.label, t.number) in (('附件1', '（一）'), ('附件2', '（三）'))";

    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T02:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    @Test
    void tasksMarkedDoneAtImportAreCompletedAndNeverMissedAndTheRestAreMissedAsBefore() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
        byte[] notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).getBytes(StandardCharsets.UTF_8);

        // a name no task has, or no reason: 400 naming the parameter, nothing saved
        importNotice(notice, "附件9（一）", REASON, "").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("completed"));
        importNotice(notice, DONE, null, "").then().statusCode(400).body("errors[0].field", equalTo("completedReason"));
        assertEquals(0, count("select count(*) from plan"));

        // the dry run lists them, and writes nothing
        JsonPath dry = importNotice(notice, DONE, REASON, "&dryRun=true").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("附件1 （一）", "附件2 （三）"), dry.getList("report.completedAtImport.task"));
        assertEquals(List.of(REASON, REASON), dry.getList("report.completedAtImport.reason"));
        assertEquals(0, count("select count(*) from plan"));

        importNotice(notice, DONE, REASON, "").then().statusCode(201);
        long done = count("select count(*) from (" + OF_DONE + ") d");
        assertTrue(done > 20, "assignments of the two tasks: " + done);
        assertEquals(done, count("select count(*) from assignment where status = 'COMPLETED' and id in (" + OF_DONE + ")"));
        assertEquals(0, count("select count(*) from assignment where status = 'COMPLETED' and id not in (" + OF_DONE + ")"));
        // announced as completions, on time, with who and why in the history
        assertEquals(done, count("select count(*) from outbox_event_each where type = '" + COMPLETED + "'"
                + " and payload::jsonb->>'onTime' = 'true' and cast(payload::jsonb->>'assignmentId' as uuid) in (" + OF_DONE + ")"));
        assertEquals(done, count("select count(*) from assignment_history where to_status = 'COMPLETED' and reason like '%"
                + REASON + "' and actor like '%supervisor%' and assignment_id in (" + OF_DONE + ")"));
        // their TaskAssigned says the work was done at import (completedAtImport, the import's time); no other one does
        assertEquals(done, count("select count(*) from outbox_event_each where type = '" + ASSIGNED + "'"
                + " and (payload::jsonb->>'completedAtImport')::timestamptz = '2026-06-01T02:00:00Z'"
                + " and cast(payload::jsonb->>'assignmentId' as uuid) in (" + OF_DONE + ")"));
        assertEquals(0, count("select count(*) from outbox_event_each where type = '" + ASSIGNED + "'"
                + " and payload::jsonb->>'completedAtImport' is not null and cast(payload::jsonb->>'assignmentId' as uuid) not in (" + OF_DONE + ")"));
        // never missed; every other open assignment due before now is missed at import, as before
        assertEquals(0, missesOfDone());
        long late = count("select count(*) from assignment where status = 'ASSIGNED' and due_at <= now()");
        assertTrue(late > 500, "other work due in 2021: " + late);
        assertEquals(late, count("select count(*) from outbox_event_each where type = '" + MISSED + "' and payload::jsonb->>'dueKind' = 'FINAL'"));

        clock.set(Instant.parse("2026-06-02T02:00:00Z"));
        watcher.sweep();
        assertEquals(0, missesOfDone(), "nor at the next sweep");
    }

    private static io.restassured.response.Response importNotice(byte[] notice, String completed, String reason, String more) {
        var request = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8").body(notice)
                .queryParam("completed", completed);
        if (reason != null) {
            request = request.queryParam("completedReason", reason);
        }
        return request.post("/api/plans/import?format=notice_text" + more);
    }

    private static long missesOfDone() {
        return count("select count(*) from outbox_event_each where type = '" + MISSED
                + "' and cast(payload::jsonb->>'assignmentId' as uuid) in (" + OF_DONE + ")");
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
