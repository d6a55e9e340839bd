package org.duban.task.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.events.Topics;
import org.duban.events.task.DueDateChanged;
import org.duban.task.assignment.Assigning;
import org.duban.task.assignment.Assignment;
import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;
import org.duban.testing.OutsideReader;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.task.plan.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 18: a "5个工作日内" deadline issued in late December, when the calendar does not know next year, is counted with
 * weekends only and flagged on the assignment; the admin enters next year with a holiday covering the date: the due date
 * moves, the flag clears and one {@code DueDateChanged} is announced. Far-off years (2040–2043) that no other test
 * enters; the year the plan is issued in is entered first, so only the next one is unknown.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class UnknownYearRecountTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANGED = "duban.task.due-date-changed.v1";

    @Inject
    Assigning assigning;

    private final Map<Integer, Timestamp> marksBefore = new LinkedHashMap<>();

    @BeforeEach
    void keepMarks() throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var rs = c.createStatement().executeQuery("select id, swept_until from deadline_watch")) {
            while (rs.next()) {
                marksBefore.put(rs.getInt(1), rs.getTimestamp(2));
            }
        }
    }

    /** The watcher's marks as the other tests left them (they start their clocks in 2021). */
    @AfterEach
    void restoreMarks() throws Exception {
        for (var mark : marksBefore.entrySet()) {
            sql("update deadline_watch set swept_until = ? where id = ?", mark.getValue(), mark.getKey());
        }
    }

    @Test
    void aDeadlineInAnUnknownYearIsFlaggedAndMovedWhenTheYearIsEntered() throws Exception {
        Instant issued = Instant.parse("2040-12-27T02:00:00Z"); // Thursday 2040-12-27, Beijing time
        QuarkusMock.installMockForType(new TestClock(issued), Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(issued));
        enter(2040, "[\"2040-01-01\"]", "2040年安排（测试）");

        // 12-27, 12-28, 12-31, and 2041-01-01 and 01-02 counted as working days: 2041 is not known
        UUID[] ids = assignedPlanTask(LocalDate.of(2040, 12, 27), issued);
        String assignment = ids[1].toString();
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + assignment).then().statusCode(200)
                .body("dueAt", equalTo("2041-01-02T15:59:59Z"))
                .body("dueDateFlag", equalTo("2041 calendar not yet known"));
        given().auth().oauth2(Tokens.supervisor()).queryParam("taskId", ids[0].toString()).get("/api/assignments").then()
                .statusCode(200).body("[0].id", equalTo(assignment))
                .body("[0].dueDateFlag", equalTo("2041 calendar not yet known"));
        assertEquals(0, payloads(CHANGED, ids[0]).size());

        // 元旦 2041: 01-01 and 01-02 off; 12-27, 12-28, 12-31, 01-03, 01-04
        enter(2041, "[\"2041-01-01\", \"2041-01-02\"]", "国务院办公厅关于2041年部分节假日安排的通知");
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + assignment).then().statusCode(200)
                .body("dueAt", equalTo("2041-01-04T15:59:59Z"))
                .body("dueDateFlag", nullValue());
        List<JsonNode> changed = payloads(CHANGED, ids[0]);
        assertEquals(1, changed.size(), changed.toString());
        assertEquals(assignment, changed.get(0).path("assignmentId").asText());
        assertEquals("FINAL", changed.get(0).path("dueKind").asText());
        assertEquals(Instant.parse("2041-01-02T15:59:59Z"), Instant.parse(changed.get(0).path("oldDueAt").asText()));
        assertEquals(Instant.parse("2041-01-04T15:59:59Z"), Instant.parse(changed.get(0).path("newDueAt").asText()));

        // as an outside consumer reads it: the CloudEvents SDK and the catalogue
        var record = TopicProbe.await(Topics.TASK_EVENTS, r -> ids[0].toString().equals(r.key())
                && CHANGED.equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(60));
        DueDateChanged read = (DueDateChanged) OutsideReader.read(record, "task-service");
        assertEquals(Instant.parse("2041-01-04T15:59:59Z"), read.newDueAt());
        assertEquals(ids[1], read.assignmentId());

        // a correction of 2041 that does not touch the date: nothing more
        enter(2041, "[\"2041-01-01\", \"2041-01-02\", \"2041-02-12\"]", "更正");
        assertEquals(1, payloads(CHANGED, ids[0]).size());
        assertEquals(0, payloads("duban.task.deadline-recovered.v1", ids[0]).size(), "nothing was missed");
    }

    /**
     * Assigned late (2043-01-02, the watcher's mark past the weekend-only date 2043-01-01): missed at once. 2043 entered
     * with 元旦 01-01..03 off: the date moves to Monday 01-05, the miss of the old date is recovered (EXTENDED) as after an
     * approved extension, and the new date is not yet missed.
     */
    @Test
    void anAnnouncedMissOfTheOldDateIsRecoveredWhenTheNewDateIsLater() throws Exception {
        Instant now = Instant.parse("2043-01-02T04:00:00Z");
        QuarkusMock.installMockForType(new TestClock(now), Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(now));
        enter(2042, "[\"2042-01-01\"]", "2042年安排（测试）");

        // Friday 2042-12-26: 12-26, 12-29, 12-30, 12-31, 2043-01-01 weekends only
        UUID[] ids = assignedPlanTask(LocalDate.of(2042, 12, 26), now);
        List<JsonNode> missed = payloads("duban.task.deadline-missed.v1", ids[0]);
        assertEquals(1, missed.size(), missed.toString());
        assertEquals(Instant.parse("2043-01-01T15:59:59Z"), Instant.parse(missed.get(0).path("dueAt").asText()));

        enter(2043, "[\"2043-01-01\", \"2043-01-02\", \"2043-01-03\"]", "国务院办公厅关于2043年部分节假日安排的通知");
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + ids[1]).then().statusCode(200)
                .body("dueAt", equalTo("2043-01-05T15:59:59Z")).body("dueDateFlag", nullValue());
        assertEquals(1, payloads(CHANGED, ids[0]).size());
        List<JsonNode> recovered = payloads("duban.task.deadline-recovered.v1", ids[0]);
        assertEquals(1, recovered.size(), recovered.toString());
        assertEquals(Instant.parse("2043-01-01T15:59:59Z"), Instant.parse(recovered.get(0).path("dueAt").asText()));
        assertEquals("FINAL/EXTENDED", recovered.get(0).path("dueKind").asText() + "/" + recovered.get(0).path("how").asText());
        assertEquals(1, payloads("duban.task.deadline-missed.v1", ids[0]).size(), "the new date is not missed yet");
    }

    /**
     * The recount is part of the entry (issue 18): when counting the flagged work again fails (here the database refuses
     * the assignment's update), the PUT fails and nothing of it is kept: the year stays unknown, no history, the assignment
     * keeps its date and flag, no DueDateChanged. (Before, the entry committed first and its recount failed on its own:
     * 200, the year entered, the work still flagged.) Entered again once the fault is gone: moved, with one event.
     */
    @Test
    void anEntryWhoseRecountFailsIsNotEntered() throws Exception {
        Instant issued = Instant.parse("2045-12-28T02:00:00Z"); // Thursday 2045-12-28, Beijing time
        QuarkusMock.installMockForType(new TestClock(issued), Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(issued));
        enter(2045, "[\"2045-01-01\"]", "2045年安排（测试）");
        // 12-28, 12-29, and 2046-01-01..03 counted as working days: 2046 is not known
        UUID[] ids = assignedPlanTask(LocalDate.of(2045, 12, 28), issued);
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + ids[1]).then().statusCode(200)
                .body("dueAt", equalTo("2046-01-03T15:59:59Z")).body("dueDateFlag", equalTo("2046 calendar not yet known"));

        sql("""
                create or replace function refuse_recount_2046() returns trigger language plpgsql as $$
                begin raise exception 'injected: recount of 2046 refused'; end $$""");
        sql("""
                create trigger refuse_recount_2046 before update on assignment for each row
                when (old.calendar_unknown_year = 2046) execute function refuse_recount_2046()""");
        try {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body("{\"daysOff\": [\"2046-01-01\", \"2046-01-02\"], \"makeUpDays\": [], \"reason\": \"2046年安排\"}")
                    .put("/api/calendar/2046").then().statusCode(500);
        } finally {
            sql("drop trigger refuse_recount_2046 on assignment");
            sql("drop function refuse_recount_2046()");
        }
        given().auth().oauth2(Tokens.admin()).get("/api/calendar/2046").then().statusCode(200).body("source", equalTo("UNKNOWN"));
        given().auth().oauth2(Tokens.admin()).get("/api/calendar/2046/history").then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + ids[1]).then().statusCode(200)
                .body("dueAt", equalTo("2046-01-03T15:59:59Z")).body("dueDateFlag", equalTo("2046 calendar not yet known"));
        assertEquals(0, payloads(CHANGED, ids[0]).size());

        // 元旦 2046 off: 12-28, 12-29, 01-03, 01-04, 01-05
        enter(2046, "[\"2046-01-01\", \"2046-01-02\"]", "2046年安排");
        given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + ids[1]).then().statusCode(200)
                .body("dueAt", equalTo("2046-01-05T15:59:59Z")).body("dueDateFlag", nullValue());
        assertEquals(1, payloads(CHANGED, ids[0]).size());
        given().auth().oauth2(Tokens.admin()).get("/api/calendar/2046/history").then().statusCode(200).body("size()", equalTo(1));
    }

    private static void enter(int year, String daysOff, String reason) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"daysOff\": %s, \"makeUpDays\": [], \"reason\": \"%s\"}".formatted(daysOff, reason))
                .put("/api/calendar/" + year).then().statusCode(200);
    }

    /** A county plan issued on {@code issuedOn} with one task due "5个工作日内", assigned (as the importer does) to a lead unit. */
    private UUID[] assignedPlanTask(LocalDate issuedOn, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Plan plan = new Plan();
            plan.id = UUID.randomUUID();
            plan.title = "关于做好" + issuedOn.getYear() + "年岁末年初政务服务工作的通知";
            plan.level = Plan.Level.COUNTY;
            plan.issuedOn = issuedOn;
            plan.sourceDigest = "test:" + plan.id;
            plan.importedAt = now;
            plan.persist();
            Task task = new Task();
            task.id = UUID.randomUUID();
            task.planId = plan.id;
            task.title = "完成年度政务服务事项清单梳理";
            task.createdAt = now;
            task.deadlinePhrase = "5个工作日内";
            DeadlinePhrase.Reading reading = DeadlinePhrase.read(task.deadlinePhrase, issuedOn);
            task.deadlineKind = reading.kind();
            task.dueAt = reading.dueAt();
            task.persist();
            Assignment a = assigning.assign(task, UUID.randomUUID(), Role.LEAD, now);
            return new UUID[] { task.id, a.id };
        });
    }

    private static List<JsonNode> payloads(String type, UUID taskId) throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select payload from outbox_event_each where type = ? and aggregate_id = ? order by seq")) {
            s.setString(1, type);
            s.setString(2, taskId.toString());
            var rs = s.executeQuery();
            while (rs.next()) {
                payloads.add(JSON.readTree(rs.getString(1)));
            }
        }
        return payloads;
    }

    private static void sql(String sql, Object... parameters) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
