package org.duban.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.events.supervision.WarningIssued;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;

/**
 * The relay against a poison row (a record over max.request.size, 64 KiB in the tests): the row is refused, counted,
 * parked after duban.outbox.max-attempts (2 here); later rows of other keys go out meanwhile; a later row of its key
 * waits behind it until an administrator discards it (or retries it). And the relay's thread: an Error kills it, it
 * restarts by itself; a relay stuck in a pass is reported dead by liveness. And batch rows ({@link Outbox#publishAll})
 * reach Kafka as one record per event, each with its own id, key and headers ({@link BatchRowCodec}, both ways).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @AfterEach
    void noHook() {
        relay.beforePass(() -> {
        });
    }

    private static WarningIssued card(UUID unit, String reason) {
        return new WarningIssued(UUID.randomUUID(), unit, "RED", reason, null, null, null, "platform-test", Instant.now());
    }

    private Object[] row(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                select seq, published_at, parked_at, attempts, last_error, discarded_at, resolved_by
                from outbox_event where id = ?1""").setParameter(1, id).getSingleResult());
    }

    private boolean published(UUID id) {
        return row(id)[1] != null;
    }

    @Test
    void aRecordTooLargeIsParkedLaterRowsGoOnAndItsKeyWaitsBehindItUntilDiscarded() {
        UUID poisoned = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID[] ids = QuarkusTransaction.requiringNew().call(() -> new UUID[] {
                outbox.publish(card(poisoned, "x".repeat(100_000))),
                outbox.publish(card(poisoned, "after the poison row, same key")),
                outbox.publish(card(other, "after the poison row, another key")) });
        await().atMost(Duration.ofSeconds(30)).until(() -> row(ids[0])[2] != null);
        Object[] parked = row(ids[0]);
        assertEquals(2, ((Number) parked[3]).intValue(), "parked after max-attempts refusals");
        assertNotNull(parked[4]);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(ids[2]));
        assertNull(row(ids[1])[1], "the same key waits behind the parked row");

        long seq = ((Number) parked[0]).longValue();
        given().auth().oauth2(Tokens.admin()).get("/api/admin/outbox/parked").then().statusCode(200)
                .body("seq", hasItem((int) seq)).body("find { it.seq == " + seq + " }.lastError", containsString("max.request.size"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox parked rows' }.data.warning", containsString("parked")));
        given().auth().oauth2(Tokens.supervisor()).post("/api/admin/outbox/parked/" + seq + "/discard").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).post("/api/admin/outbox/parked/999999999/discard").then().statusCode(404);

        // retried: sent again, refused again, parked again; then discarded: the row of its key goes on
        given().auth().oauth2(Tokens.admin()).post("/api/admin/outbox/parked/" + seq + "/retry").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> row(ids[0])[2] != null && ((Number) row(ids[0])[3]).intValue() == 2
                && row(ids[0])[6] != null);
        assertNull(row(ids[1])[1]);
        given().auth().oauth2(Tokens.admin()).post("/api/admin/outbox/parked/" + seq + "/discard").then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(ids[1]));
        assertNotNull(row(ids[0])[5], "discarded");
        assertNull(row(ids[0])[1], "never sent");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outbox parked rows' }.data.parked", equalTo(0)));
    }

    @Test
    void anErrorKillsTheRelaysThreadAndItRestartsByItself() {
        AtomicBoolean thrown = new AtomicBoolean();
        relay.beforePass(() -> {
            if (thrown.compareAndSet(false, true)) {
                throw new StackOverflowError("injected by the test");
            }
        });
        relay.wake();
        await().atMost(Duration.ofSeconds(10)).untilTrue(thrown);
        UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.publish(card(UUID.randomUUID(), "after the Error")));
        await().atMost(Duration.ofSeconds(30)).until(() -> published(id));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'outbox relay' }.data.'last died of'", containsString("StackOverflowError"));
    }

    @Test
    void livenessReportsARelayThatNoLongerGoesRound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        relay.beforePass(() -> {
            stuck.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        relay.wake();
        assertTrue(stuck.await(30, TimeUnit.SECONDS), "the relay went round");
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(503)
                    .body("checks.find { it.name == 'outbox relay' }.status", equalTo("DOWN")));
        } finally {
            relay.beforePass(() -> {
            });
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live").then().statusCode(200));
    }

    @Test
    void aBatchRowsEventsReachKafkaAsOneRecordEachWithItsOwnIdKeyAndCloudEventsHeaders() {
        List<Outbox.Entry> entries = List.of(
                new Outbox.Entry(UUID.randomUUID(), card(UUID.randomUUID(), "逾期未整改，亮红牌")),
                new Outbox.Entry(UUID.randomUUID(), card(UUID.randomUUID(), "second")),
                new Outbox.Entry(UUID.randomUUID(), card(UUID.randomUUID(), "third")));
        QuarkusTransaction.requiringNew().run(() -> outbox.publishAll(entries));
        Map<String, ConsumerRecord<String, String>> byId = new HashMap<>();
        Map<String, Object> props = Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers());
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30)).until(
                    () -> consumer.partitionsFor("duban.supervision.events").stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList(),
                    found -> !found.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    byId.put(header(record, "ce_id"), record);
                }
                return entries.stream().allMatch(e -> byId.containsKey(e.id().toString()));
            });
        }
        for (Outbox.Entry entry : entries) {
            ConsumerRecord<String, String> record = byId.get(entry.id().toString());
            assertEquals(entry.event().aggregateId(), record.key());
            assertEquals(entry.event().aggregateId(), header(record, "ce_subject"));
            assertEquals("platform-test", header(record, "ce_source"));
            assertEquals("1.0", header(record, "ce_specversion"));
            assertEquals(org.duban.events.EventType.of(entry.event()).type(), header(record, "ce_type"));
            assertEquals(org.duban.events.EventJson.write(entry.event()), record.value());
        }
        assertTrue(byId.get(entries.get(0).id().toString()).value().contains("逾期未整改，亮红牌"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
