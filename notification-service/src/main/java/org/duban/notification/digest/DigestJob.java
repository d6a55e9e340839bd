package org.duban.notification.digest;

import java.time.Clock;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.notification.delivery.Delivery;
import org.duban.notification.delivery.Dispatcher;
import org.duban.notification.delivery.Timing;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.recipient.Recipients;
import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.unit.UnitReplica;

/**
 * The daily digest (每日汇总): when a recipient's waiting notices fall due (the digest time, on the injected Clock),
 * they become one DIGEST delivery listing them all, in one transaction that marks each item DIGESTED. Items are
 * taken {@code for update skip locked}, so two instances never put one item into two digests.
 */
@ApplicationScoped
public class DigestJob {

    private static final Logger LOG = Logger.getLogger(DigestJob.class);

    @Inject
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Clock clock;

    @Inject
    Timing timing;

    @Inject
    Dispatcher dispatcher;

    @Scheduled(every = "${duban.notification.dispatch.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated()) {
            return; // the database is not there yet: readiness says so, the jobs wait quietly
        }
        try {
            if (digestDue() > 0) {
                dispatcher.wake();
            }
        } catch (RuntimeException e) {
            LOG.warnf("digest pass failed, next tick retries: %s", e.getMessage());
        }
    }

    /** Builds every digest that is due now; returns how many. */
    @SuppressWarnings("unchecked")
    public int digestDue() {
        Instant now = clock.instant();
        List<Object[]> recipients = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                select distinct channel, recipient from delivery where status = 'WAITING_DIGEST' and next_attempt_at <= ?1""")
                .setParameter(1, now).getResultList());
        int made = 0;
        for (Object[] r : recipients) {
            String channel = (String) r[0];
            String recipient = (String) r[1];
            if (QuarkusTransaction.requiringNew().call(() -> digest(channel, recipient, now))) {
                made++;
            }
        }
        return made;
    }

    @SuppressWarnings("unchecked")
    private boolean digest(String channel, String recipient, Instant now) {
        List<UUID> ids = em.createNativeQuery("""
                select id from delivery where status = 'WAITING_DIGEST' and channel = ?1 and recipient = ?2 and next_attempt_at <= ?3
                order by created_at for update skip locked""", UUID.class)
                .setParameter(1, channel).setParameter(2, recipient).setParameter(3, now).getResultList();
        if (ids.isEmpty()) {
            return false;
        }
        List<Delivery> items = ids.stream().map(id -> em.find(Delivery.class, id)).toList();
        Delivery digest = new Delivery();
        digest.id = UUID.randomUUID();
        // derived from the first item: the same items can never make a second digest row
        digest.eventId = UUID.nameUUIDFromBytes(("digest:" + channel + ":" + recipient + ":" + ids.get(0)).getBytes(StandardCharsets.UTF_8));
        digest.recipient = recipient;
        digest.channel = channel;
        digest.unitId = items.get(0).unitId;
        digest.noticeType = NoticeType.DIGEST.name();
        Map<String, String> params = new HashMap<>();
        params.put("unitName", UnitReplica.nameOf(digest.unitId).orElse(items.get(0).params.getOrDefault("unitName", "贵单位")));
        params.put("count", Integer.toString(items.size()));
        digest.params = params;
        digest.urgent = false;
        digest.status = Delivery.PENDING;
        digest.nextAttemptAt = Recipients.WEBHOOK.equals(channel) ? timing.afterQuietHours(now) : now;
        digest.createdAt = now;
        digest.persist();
        for (Delivery item : items) {
            item.status = Delivery.DIGESTED;
            item.digestId = digest.id;
        }
        return true;
    }
}
