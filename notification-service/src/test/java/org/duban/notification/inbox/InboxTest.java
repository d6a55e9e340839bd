package org.duban.notification.inbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.trigger.TaskEventsConsumer;
import org.duban.notification.support.MailServer;
import org.duban.platform.inbox.EventInbox;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class InboxTest {

    @Inject
    EventInbox inbox;

    @Inject
    KafkaClientService clients;

    @Inject
    TaskEventsConsumer taskEvents;

    @Inject
    MeterRegistry meters;

    private static TaskAssigned assignedTo(UUID unitId) {
        return new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "建设“互联网+督查”平台", unitId, "LEAD",
                Instant.parse("2021-12-31T15:59:59Z"), Instant.parse("2021-07-23T02:00:00Z"));
    }

    private static int inboxSize(UUID unitId) {
        return given().auth().oauth2(Tokens.officerOf(unitId)).get("/api/inbox?unitId=" + unitId)
                .then().statusCode(200).extract().path("total");
    }

    @Test
    void withoutATokenTheInboxAnswers401AndAnotherUnitsInbox403() {
        given().get("/api/inbox?unitId=" + UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/inbox?unitId=" + UUID.randomUUID())
                .then().statusCode(403);
        given().auth().oauth2(Tokens.integration()).get("/api/inbox?unitId=" + UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void aTaskAssignedFromTheBrokerBecomesOneInboxEntryEvenWhenDeliveredTwice() {
        UUID unit = UUID.randomUUID();
        TaskAssigned event = assignedTo(unit);
        UUID id = UUID.randomUUID();
        EventType type = EventType.TASK_ASSIGNED;
        TopicProbe.publish(type.topic(), event.aggregateId(), type.type(), id, EventJson.write(event), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxSize(unit) == 1);

        // the same event again (same CloudEvents id), then a marker event for the same unit behind it
        TopicProbe.publish(type.topic(), event.aggregateId(), type.type(), id, EventJson.write(event), "task-service");
        TopicProbe.publish(assignedTo(unit), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxSize(unit) >= 2);
        assertEquals(2, inboxSize(unit), "the redelivered event added nothing");

        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit)
                .then().body("items", hasSize(2)).body("unread", equalTo(2))
                .body("items[0].title", equalTo("新交办任务：建设“互联网+督查”平台"));
    }

    @Test
    void theSameEventTwiceInOnePolledBatchIsAppliedOnceAndTheBatchAgainNotAtAll() {
        TaskAssigned event = assignedTo(UUID.randomUUID());
        UUID twice = UUID.randomUUID();
        UUID once = UUID.randomUUID();
        List<ConsumerRecord<String, String>> polled = List.of(record(0, twice, event), record(1, twice, event),
                record(2, once, event));
        var batch = new ConsumerRecords<>(Map.of(new TopicPartition(Topics.TASK_EVENTS, 0), polled), Map.of());
        List<UUID> applied = new ArrayList<>();

        inbox.applyBatch("inbox-test-batch", batch, e -> applied.add(e.id()));
        assertEquals(List.of(twice, once), applied);
        inbox.applyBatch("inbox-test-batch", batch, e -> applied.add(e.id()));
        assertEquals(List.of(twice, once), applied, "a redelivered batch applies nothing");
    }

    @Test
    void aPolledBatchWithAPoisonRecordStillGivesEachValidEventItsOneInboxEntryAndUndeliverableRow() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        var poison = new ConsumerRecord<>(Topics.TASK_EVENTS, 0, 11L, "broken", "{not json");
        poison.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", EventType.TASK_ASSIGNED.type().getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, String>> polled = List.of(record(10, UUID.randomUUID(), assignedTo(first)), poison,
                record(12, UUID.randomUUID(), assignedTo(second)));

        // the batch's transaction fails on the poison record and rolls back the rows written so far; each record is
        // then applied alone, and the rows written at commit are those of the valid events, once each
        taskEvents.on(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.TASK_EVENTS, 0), polled), Map.of()));

        for (UUID unit : List.of(first, second)) {
            assertEquals(1, inboxSize(unit));
            given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/undeliverable?unitId=" + unit).then()
                    .statusCode(200).body("total", equalTo(1)).body("items[0].noticeType", equalTo("ASSIGNED"));
        }
    }

    /** A TaskAssigned record as the relay writes it (binary CloudEvent), at {@code offset} of partition 0. */
    private static ConsumerRecord<String, String> record(long offset, UUID id, TaskAssigned event) {
        var record = new ConsumerRecord<>(Topics.TASK_EVENTS, 0, offset, event.aggregateId(), EventJson.write(event));
        record.headers().add("ce_id", id.toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", EventType.TASK_ASSIGNED.type().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    @Test
    void eventsReadAgainAfterTheGroupsOffsetsAreRewoundAddNothing() {
        UUID unit = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            TopicProbe.publish(assignedTo(unit), "task-service");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxSize(unit) == 3);
        double duplicatesBefore = counter("duban.inbox.duplicates");

        // rewind the running consumer to the start of every partition it reads, as an operator resetting offsets would
        clients.<String, String>getConsumer("task-events")
                .runOnPollingThread((java.util.function.Consumer<Consumer<String, String>>) c -> c.seekToBeginning(c.assignment()))
                .await().atMost(Duration.ofSeconds(30));
        UUID marker = UUID.randomUUID();
        TopicProbe.publish(assignedTo(marker), "task-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> inboxSize(marker) == 1);

        assertTrue(counter("duban.inbox.duplicates") - duplicatesBefore >= 3, "the earlier events were read again");
        assertEquals(3, inboxSize(unit), "and added nothing");
    }

    @Test
    void aDatabaseOutageDelaysAnEventButNeitherLosesNorDeadLettersIt() {
        UUID unit = UUID.randomUUID();
        UUID id;
        double retriesBefore = counter("duban.inbox.retries");
        RealInfrastructure.postgres().stop();
        try {
            id = TopicProbe.publish(assignedTo(unit), "task-service");
            await().atMost(Duration.ofSeconds(60)).until(() -> counter("duban.inbox.retries") > retriesBefore);
        } finally {
            RealInfrastructure.postgres().start();
        }
        // the first reads after the restart may meet pooled connections the server closed: those answer 503 (try
        // again), never 500
        List<Integer> answers = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            var response = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().extract();
            answers.add(response.statusCode());
            return response.statusCode() == 200 && Integer.valueOf(1).equals(response.path("total"));
        });
        assertTrue(answers.stream().allMatch(code -> code == 200 || code == 503), "answers while recovering: " + answers);
        var deadLettered = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(),
                Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX, r -> id.toString().equals(TopicProbe.header(r, "ce_id")),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
        assertTrue(deadLettered.isEmpty(), "a database outage is not the event's fault");
    }

    private double counter(String name) {
        var counter = meters.find(name).tag("consumer", "notification-inbox").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextEventIsApplied() {
        UUID unit = UUID.randomUUID();
        UUID poisonId = UUID.randomUUID();
        TopicProbe.publish(Topics.TASK_EVENTS, "broken", EventType.TASK_ASSIGNED.type(), poisonId, "{not json", "task-service");
        TopicProbe.publish(assignedTo(unit), "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxSize(unit) == 1);
        var dead = TopicProbe.await(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX,
                r -> poisonId.toString().equals(TopicProbe.header(r, "ce_id")), Duration.ofSeconds(30));
        String reason = TopicProbe.header(dead, "dead-letter-reason");
        assertTrue(reason != null && reason.contains("TaskAssigned"), "reason names what failed: " + reason);
    }

    @Test
    void aMergeTellsTheSurvivingUnitWhichWorkItTookOverAndTheReplicaFollowsRenameAndMerge() {
        UUID merged = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(survivor, 1, "县商务局"), "unit-service");
        TopicProbe.publish(UnitSnapshots.active(survivor, 2, "县商科工信局", "县商务局"), "unit-service");
        TopicProbe.publish(UnitSnapshots.merged(merged, 3, "县经济局", survivor), "unit-service");
        TopicProbe.publish(new AssignmentTransferred(assignment, UUID.randomUUID(), "招商引资", merged, survivor, assignment,
                "LEAD", Instant.parse("2021-12-31T15:59:59Z"), "县经济局并入县商科工信局", Instant.parse("2026-11-01T00:00:00Z")),
                "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> inboxSize(survivor) == 1);
        given().auth().oauth2(Tokens.officerOf(survivor)).get("/api/inbox?unitId=" + survivor).then()
                .body("items[0].kind", equalTo("TRANSFERRED")).body("items[0].title", equalTo("任务移交：招商引资"))
                .body("items[0].body", equalTo("因县经济局并入县商科工信局，原单位承担的此项任务移交贵单位办理，完成时限：2021年12月31日前完成。"));

        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> survivor.equals(UnitReplica.successorOf(merged))
                        && "县商科工信局".equals(UnitReplica.nameOf(survivor).orElse(null))));
    }
}
