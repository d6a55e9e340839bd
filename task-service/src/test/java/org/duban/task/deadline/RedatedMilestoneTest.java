package org.duban.task.deadline;

import static org.duban.task.deadline.DeadlineDb.payloads;
import static org.duban.task.deadline.DeadlineDb.sql;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 * Issue 18: a due date that stops applying closes its miss with an event. A confirmed milestone missed on 2021-09-30
 * is re-dated to 2021-11-30 by the supervision office: the old date's miss is recovered (EXTENDED) once, and the new
 * date is watched and missed in its turn. A changed reporting cadence closes the misses of the old periods likewise.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class RedatedMilestoneTest {

    private static final Instant SEPTEMBER = Instant.parse("2021-09-30T15:59:59Z");
    private static final Instant NOVEMBER = Instant.parse("2021-11-30T15:59:59Z");

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @Inject
    DeadlineWatcher watcher;

    @Test
    void aReDatedMilestoneRecoversTheMissOfItsOldDate() throws Exception {
        QuarkusMock.installMockForType(clock, Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
        UUID unit = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"政务服务事项标准化\", \"dueAt\": \"2021-12-31T15:59:59Z\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"}]}"
                        .formatted(unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        UUID milestone = UUID.randomUUID();
        sql("""
                insert into milestone (id, task_id, ordinal, label, due_at, target_quantity, target_unit, status, source)
                values (?, ?, 1, '2021年9月底前完成10项', ?, 10, '项', 'PROPOSED', 'TASK_TEXT')""", milestone,
                UUID.fromString(taskId), Timestamp.from(SEPTEMBER));

        clock.set(Instant.parse("2021-10-10T00:00:00Z"));
        watcher.sweep();
        String path = "/api/tasks/" + taskId + "/milestones/" + milestone;
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{}").put(path).then().statusCode(200);
        List<JsonNode> missed = payloads("duban.task.deadline-missed.v1", taskId);
        assertEquals(1, missed.size(), "confirmed after its date: missed at once " + missed);
        assertEquals(SEPTEMBER, Instant.parse(missed.get(0).path("dueAt").asText()));

        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"dueAt\": \"" + NOVEMBER + "\"}")
                .put(path).then().statusCode(200);
        List<JsonNode> recovered = payloads("duban.task.deadline-recovered.v1", taskId);
        assertEquals(1, recovered.size(), "the September miss ends with its date: " + recovered);
        assertEquals(SEPTEMBER, Instant.parse(recovered.get(0).path("dueAt").asText()));
        assertEquals("MILESTONE", recovered.get(0).path("dueKind").asText());
        assertEquals("EXTENDED", recovered.get(0).path("how").asText());

        clock.set(NOVEMBER.plusSeconds(60));
        watcher.sweep();
        missed = payloads("duban.task.deadline-missed.v1", taskId);
        assertEquals(2, missed.size(), "the new date is missed in its turn: " + missed);
        assertEquals(1, payloads("duban.task.deadline-recovered.v1", taskId).size());
    }

    /**
     * Monthly reports missed for the periods ending 2021-02-04 and 03-04; the supervision office makes the task
     * quarterly: those periods no longer exist, so each miss is recovered (EXTENDED) once; the quarterly period ending
     * 04-04 is not yet due.
     */
    @Test
    void aChangedCadenceRecoversTheMissesOfPeriodsThatNoLongerExist() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2021-01-04T02:00:00Z"));
        QuarkusMock.installMockForType(clock, Clock.class);
        sql("update deadline_watch set swept_until = ?", Timestamp.from(clock.instant()));
        UUID unit = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"持续推进政务公开\", \"assignments\": [{\"unitId\": \"%s\", \"role\": \"LEAD\"}]}".formatted(unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        String cadence = "/api/tasks/" + taskId + "/cadence";
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\": \"P1M\"}")
                .put(cadence).then().statusCode(200);

        clock.set(Instant.parse("2021-03-10T00:00:00Z"));
        watcher.sweep();
        List<JsonNode> missed = payloads("duban.task.deadline-missed.v1", taskId);
        assertEquals(List.of(Instant.parse("2021-02-04T02:00:00Z"), Instant.parse("2021-03-04T02:00:00Z")),
                missed.stream().map(m -> Instant.parse(m.path("dueAt").asText())).sorted().toList(), missed.toString());

        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\": \"P3M\"}")
                .put(cadence).then().statusCode(200);
        List<JsonNode> recovered = payloads("duban.task.deadline-recovered.v1", taskId);
        assertEquals(List.of(Instant.parse("2021-02-04T02:00:00Z"), Instant.parse("2021-03-04T02:00:00Z")),
                recovered.stream().map(m -> Instant.parse(m.path("dueAt").asText())).sorted().toList(), recovered.toString());
        recovered.forEach(r -> assertEquals("REPORT/EXTENDED", r.path("dueKind").asText() + "/" + r.path("how").asText()));
        assertEquals(2, payloads("duban.task.deadline-missed.v1", taskId).size(), "nothing new is due yet");
    }
}
