package org.duban.province.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import org.duban.platform.schema.SchemaMigration;
import org.duban.province.config.GatewayConfig;

/**
 * Forgets what no longer protects anything: nonces past their window, and accepted messages older than
 * {@code duban.province.inbound.keep-messages} (never less than 7 days, the idempotency promise of §6).
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    static final Duration PROMISED = Duration.ofDays(7);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    GatewayConfig config;

    @Inject
    SchemaMigration schema;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (schema.isMigrated()) {
            sweep();
        }
    }

    @Transactional
    public void sweep() {
        Instant now = clock.instant();
        Duration keep = config.inbound().keepMessages().compareTo(PROMISED) < 0 ? PROMISED : config.inbound().keepMessages();
        int nonces = em.createNativeQuery("delete from inbound_nonce where expires_at <= ?1").setParameter(1, now).executeUpdate();
        int messages = em.createNativeQuery("delete from inbound_message where received_at < ?1").setParameter(1, now.minus(keep))
                .executeUpdate();
        if (nonces + messages > 0) {
            LOG.debugf("forgot %d nonces and %d messages older than %s", nonces, messages, keep);
        }
    }
}
