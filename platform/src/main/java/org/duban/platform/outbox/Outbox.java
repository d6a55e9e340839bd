package org.duban.platform.outbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.hibernate.Session;
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
    @Inject
    OutboxConfig config;

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
        if (written == 1 && config.wakeOnCommit()) {
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
        return written == 1;
    }

    /** One event of {@link #publishAll} with the CloudEvents id the caller chose for it. */
    public record Entry(UUID id, DomainEvent event) {
    }

    /**
     * Records many events in the current transaction, as {@link #publish(DomainEvent, UUID)} does for one, but as
     * batch rows (V0_4__outbox_batch_rows.sql): up to 1,000 events of one type per row, their ids and keys in arrays
     * and their JSON as JSON Lines ({@link BatchRowCodec}, which the relay reads them back with), written with one JDBC
     * batch. For set-based work such as a deadline sweep over a million assignments,
     * where a row per event cost as much as the work itself. Events of one type keep their order; the relay sends a
     * batch row's events in order, and consumers see each as an event of its own.
     *
     * <p>Unlike {@link #publish(DomainEvent, UUID)}, an id already in the outbox is not detected here (no index looks
     * into the arrays): a caller that may announce the same thing twice relies on the consumers, which drop an
     * event id they have processed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<EventType, List<Entry>> byType = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byType.computeIfAbsent(EventType.of(entry.event()), type -> new ArrayList<>()).add(entry);
        }
        TraceContext trace = TraceContext.current();
        Timestamp occurredAt = Timestamp.from(clock.instant());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_event (id, topic, type, occurred_at, traceparent, tracestate,
                                              event_count, event_ids, aggregate_ids, payloads)
                    values (?, ?, ?, ?, ?, ?, ?, cast(string_to_array(?, E'\n') as uuid[]), string_to_array(?, E'\n'), ?)""")) {
                for (var typed : byType.entrySet()) {
                    List<Entry> all = typed.getValue();
                    for (int from = 0; from < all.size(); from += BatchRowCodec.EVENTS_PER_ROW) {
                        List<BatchRowCodec.Event> row = new ArrayList<>();
                        for (Entry entry : all.subList(from, Math.min(all.size(), from + BatchRowCodec.EVENTS_PER_ROW))) {
                            row.add(new BatchRowCodec.Event(entry.id().toString(), entry.event().aggregateId(),
                                    EventJson.write(entry.event())));
                        }
                        BatchRowCodec.Lines lines = BatchRowCodec.encode(row);
                        insert.setObject(1, UUID.randomUUID()); // the row's own id; its events carry theirs
                        insert.setString(2, typed.getKey().topic());
                        insert.setString(3, typed.getKey().type());
                        insert.setTimestamp(4, occurredAt);
                        insert.setString(5, trace.traceparent());
                        insert.setString(6, trace.tracestate());
                        insert.setInt(7, lines.count());
                        insert.setString(8, lines.ids());
                        insert.setString(9, lines.keys());
                        insert.setString(10, lines.payloads());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        });
        if (config.wakeOnCommit()) {
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
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
