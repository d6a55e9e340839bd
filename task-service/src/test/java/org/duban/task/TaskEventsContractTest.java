package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.duban.events.DomainEvent;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.unit.UnitMerged;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.OutsideReader;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every kind of event task-service publishes, produced through its own API and watcher, read back as an outside
 * consumer would: with the official CloudEvents SDK and the catalogue (docs/events.md) alone.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class TaskEventsContractTest {

    /** The events of a provincial task, which a county task never has. */
    private static final Set<EventType> PROVINCIAL = Set.of(EventType.PROVINCIAL_TASK_ACCEPTED, EventType.PROVINCIAL_TASK_RETURNED,
            EventType.PROVINCIAL_PROGRESS_COMPILED, EventType.PROVINCIAL_EXTENSION_REQUESTED, EventType.PROVINCIAL_TASK_COMPLETED,
            EventType.PROVINCE_URGED);


    private static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59Z");

    @Inject
    DeadlineWatcher watcher;

    @Test
    void everyTaskEventTypeIsReadableWithTheCloudEventsSdkAndMatchesTheCatalogue() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));
        QuarkusMock.installMockForType(clock, Clock.class);
        TaskDb.sweptUntil(clock.instant());
        UUID lead = UUID.randomUUID();
        UUID absorbed = UUID.randomUUID();
        UUID wrong = UUID.randomUUID();
        String taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "深化“放管服”改革", "dueAt": "%s",
                         "assignments": [{"unitId": "%s", "role": "LEAD"}, {"unitId": "%s", "role": "CO_RESPONSIBLE"},
                                         {"unitId": "%s", "role": "CO_RESPONSIBLE"}]}"""
                        .formatted(END_OF_2021, lead, absorbed, wrong))
                .post("/api/tasks").then().statusCode(201).extract().path("id");   // TaskAssigned
        String leadAssignment = given().auth().oauth2(Tokens.officerOf(lead)).get("/api/assignments?unitId=" + lead)
                .then().statusCode(200).extract().path("[0].id");
        String wrongAssignment = given().auth().oauth2(Tokens.officerOf(wrong)).get("/api/assignments?unitId=" + wrong)
                .then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(Tokens.officerOf(lead)).post("/api/assignments/" + leadAssignment + "/accept")
                .then().statusCode(200);                                          // AssignmentAccepted
        given().auth().oauth2(Tokens.officerOf(wrong)).contentType(ContentType.JSON).body("{\"reason\": \"职责不符\"}")
                .post("/api/assignments/" + wrongAssignment + "/return").then().statusCode(200);   // AssignmentReturned
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reason\": \"误派，不再交办\"}")
                .post("/api/assignments/" + wrongAssignment + "/withdraw").then().statusCode(200);  // AssignmentWithdrawn
        given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON)
                .body("""
                        {"percentComplete": 50, "narrative": "已完成一半"}""")
                .post("/api/assignments/" + leadAssignment + "/reports").then().statusCode(201);   // ProgressReported
        clock.set(END_OF_2021.minus(Duration.ofDays(2)));
        watcher.sweep();                                   // DeadlineApproaching
        TopicProbe.publish(new UnitMerged(absorbed, "县经济局", lead, "县商科工信局", clock.instant()), "unit-service");
        clock.set(END_OF_2021.plusSeconds(1));
        watcher.sweep();                                   // DeadlineMissed
        String request = given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON)
                .body("{\"requestedDueAt\": \"2022-03-31T15:59:59Z\", \"reason\": \"资金未到位\"}")
                .post("/api/assignments/" + leadAssignment + "/extensions").then().statusCode(201)
                .extract().path("id");                     // ExtensionRequested
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"approve\": true}")
                .post("/api/assignments/" + leadAssignment + "/extensions/" + request + "/decision")
                .then().statusCode(200);                   // ExtensionDecided, DeadlineRecovered (EXTENDED)
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"approve\": true}")
                .post("/api/assignments/" + leadAssignment + "/review").then().statusCode(200);   // ReportReviewed
        given().auth().oauth2(Tokens.supervisor()).post("/api/assignments/" + leadAssignment + "/complete")
                .then().statusCode(200);                   // TaskCompleted

        TopicProbe.await(Topics.TASK_EVENTS, r -> taskId.equals(r.key())
                && EventType.ASSIGNMENT_TRANSFERRED.type().equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(60));
        TopicProbe.await(Topics.TASK_EVENTS, r -> taskId.equals(r.key())
                && EventType.TASK_COMPLETED.type().equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(60));

        List<DomainEvent> events = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(), Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()), Duration.ofSeconds(2), Duration.ofSeconds(30)).stream()
                .map(r -> OutsideReader.read(r, "task-service")).toList();
        Set<EventType> expected = Arrays.stream(EventType.values()).filter(t -> t.topic().equals(Topics.TASK_EVENTS))
                .filter(t -> t != EventType.PLAN_PUBLISHED) // keyed by plan id, produced by the importer: its own test covers it
                .filter(t -> t != EventType.DUE_DATE_CHANGED) // a calendar year entered: calendar/UnknownYearRecountTest reads it
                .filter(t -> t != EventType.CALENDAR_YEAR_UNKNOWN) // keyed by the year, not a task: calendar/CalendarYearNoticeTest
                .filter(t -> !PROVINCIAL.contains(t)) // a provincial task's: province/ProvincialTaskTest reads each with the SDK
                .collect(Collectors.toSet());
        assertEquals(expected, events.stream().map(EventType::of).collect(Collectors.toSet()),
                "every task event type, published for this one task");
    }
}
