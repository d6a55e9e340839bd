package org.duban.platform.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.platform.sql.UnnestInsert;

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
        UUID id = UUID.randomUUID();
        publish(event, id);
        return id;
    }

    /**
     * Records the event under an id the caller derives from its cause, so that doing the same thing again (a read
     * model rebuilt by replaying its input) announces nothing new: a row with that id already in the outbox is kept
     * and this one dropped, and once the old row is gone consumers still know the id (processed_event). Returns
     * whether the row was written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean publish(DomainEvent event, UUID id) {
        EventType type = EventType.of(event);
        TraceContext trace = TraceContext.current();
        int written = em.createNativeQuery("""
                insert into outbox_event (id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (id) do nothing""")
                .setParameter(1, id)
                .setParameter(2, type.topic())
                .setParameter(3, event.aggregateId())
                .setParameter(4, type.type())
                .setParameter(5, EventJson.write(event))
                .setParameter(6, Timestamp.from(clock.instant()))
                .setParameter(7, new TypedParameterValue<>(StandardBasicTypes.STRING, trace.traceparent()))
                .setParameter(8, new TypedParameterValue<>(StandardBasicTypes.STRING, trace.tracestate()))
                .executeUpdate();
        if (written == 1 && wakeOnCommit) {
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
        return written == 1;
    }

    /**
     * Records many events in the current transaction, as {@link #publish} does for one, but with one
     * {@code insert … select from unnest(arrays)} statement per 10,000 events instead of a statement per event
     * ({@link UnnestInsert}): for set-based work such as a deadline sweep over a million assignments. Returns the
     * CloudEvents ids in order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> publishAll(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        TraceContext trace = TraceContext.current();
        List<UUID> ids = new ArrayList<>(events.size());
        List<Object[]> rows = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            EventType type = EventType.of(event);
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(new Object[] {id, type.topic(), event.aggregateId(), type.type(), EventJson.write(event)});
        }
        em.unwrap(Session.class).doWork(connection -> UnnestInsert.insert(connection, """
                insert into outbox_event (id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate)
                select id, topic, aggregate_id, type, payload, cast(? as timestamptz), cast(? as text), cast(? as text)
                from unnest(?, ?, ?, ?, ?) as e (id, topic, aggregate_id, type, payload)""",
                Arrays.asList(Timestamp.from(clock.instant()), trace.traceparent(), trace.tracestate()), rows,
                "uuid", "text", "text", "text", "text"));
        if (wakeOnCommit) {
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
        return ids;
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
