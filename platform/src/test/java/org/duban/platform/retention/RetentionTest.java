package org.duban.platform.retention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.platform.probe.Probe;
import org.duban.testing.RealInfrastructure;

/**
 * Published outbox rows older than duban.retention.outbox and processed-event rows older than
 * duban.retention.processed-events are purged in batches (3 rows each here); unpublished and recent rows stay; the
 * dedupe window (30 days) is checked against the consumed topics' retention (the broker's 7 days).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class RetentionTest {

    @Inject
    Retention retention;

    @Inject
    EntityManager em;

    private void outboxRow(UUID id, String publishedAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into outbox_event (id, topic, aggregate_id, type, payload, occurred_at, published_at)
                values (?1, 'platform.retention', 'k', 'duban.test', '{}', now(), cast(?2 as timestamptz))""")
                .setParameter(1, id).setParameter(2, publishedAt).executeUpdate());
    }

    private void processed(UUID id, String at) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into processed_event (consumer, event_id, processed_at) values ('retention-test', ?1, cast(?2 as timestamptz))""")
                .setParameter(1, id).setParameter(2, at).executeUpdate());
    }

    private long count(String sql, UUID... ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter("ids", java.util.List.of(ids)).getSingleResult()).longValue());
    }

    @Test
    void oldPublishedOutboxRowsAndOldProcessedEventsArePurgedInBatchesTheRestStays() throws Exception {
        Instant now = Instant.now();
        String old = now.minusSeconds(8 * 86_400).toString();
        String ancient = now.minusSeconds(31 * 86_400).toString();
        String recent = now.minusSeconds(3_600).toString();
        UUID[] oldOutbox = new UUID[7];
        for (int i = 0; i < oldOutbox.length; i++) {
            oldOutbox[i] = UUID.randomUUID();
            outboxRow(oldOutbox[i], old);
        }
        UUID recentOutbox = UUID.randomUUID();
        outboxRow(recentOutbox, recent);
        UUID[] oldProcessed = new UUID[5];
        for (int i = 0; i < oldProcessed.length; i++) {
            oldProcessed[i] = UUID.randomUUID();
            processed(oldProcessed[i], ancient);
        }
        UUID keptProcessed = UUID.randomUUID();
        processed(keptProcessed, old); // 8 days: inside the 30-day dedupe window

        // the consumed topics exist (a topic not yet created is checked at a later run, its dedupe rows kept meanwhile)
        Probe.send(Probe.TOPIC, 1);
        Probe.send(Probe.SINGLE_TOPIC, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            retention.run();
            return retention.windowHolds().isPresent();
        });

        assertEquals(Boolean.TRUE, retention.windowHolds().orElse(null), "30 days outlive the topics' 7: " + retention.windowProblem());
        assertEquals(0, count("select count(*) from outbox_event where id in (:ids)", oldOutbox));
        assertEquals(1, count("select count(*) from outbox_event where id in (:ids)", recentOutbox));
        assertEquals(0, count("select count(*) from processed_event where event_id in (:ids)", oldProcessed));
        assertEquals(1, count("select count(*) from processed_event where event_id in (:ids)", keptProcessed));
        assertTrue(count("select count(*) from outbox_event where published_at is null and id in (:ids)", recentOutbox) == 0);
        assertTrue(Retention.consumedTopics().contains(Probe.TOPIC));
    }
}
