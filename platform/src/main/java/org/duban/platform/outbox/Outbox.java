package org.duban.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;

/**
 * The only way a Duban service announces a state change: the event row is written in the caller's
 * transaction, so it commits (or rolls back) together with the change. {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    /** Off only to measure what polling alone costs (BENCHMARKS.md); on, a commit starts a relay pass at once. */
    @ConfigProperty(name = "duban.outbox.wake-on-commit", defaultValue = "true")
    boolean wakeOnCommit;

    /** Records the event in the current transaction; returns its CloudEvents id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(DomainEvent event) {
        EventType type = EventType.of(event);
        UUID id = UUID.randomUUID();
        TraceContext trace = TraceContext.current();
        em.createNativeQuery("""
                insert into outbox_event (id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, id)
                .setParameter(2, type.topic())
                .setParameter(3, event.aggregateId())
                .setParameter(4, type.type())
                .setParameter(5, EventJson.write(event))
                .setParameter(6, Timestamp.from(clock.instant()))
                .setParameter(7, new TypedParameterValue<>(StandardBasicTypes.STRING, trace.traceparent()))
                .setParameter(8, new TypedParameterValue<>(StandardBasicTypes.STRING, trace.tracestate()))
                .executeUpdate();
        if (wakeOnCommit) {
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
        return id;
    }

    /** Publishing right after commit keeps latency low; the relay's polling is only the safety net. */
    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
