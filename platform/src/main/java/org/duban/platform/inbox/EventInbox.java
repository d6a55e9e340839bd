package org.duban.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.MalformedEventException;

/**
 * The consuming side of every service, in the manner of Debezium's outbox example: read the CloudEvents
 * envelope, skip what this service does not know (tolerant reader), and hand over each event at most once
 * per consumer — the processed-event row is written in the same transaction as the effect.
 *
 * <p>Use {@link #apply} from an {@code @Incoming @Blocking} method, or {@link #applyBatch} from one that takes a
 * channel's records in batches ({@code batch=true}; one transaction per batch, for high-volume channels). A record
 * that can never be applied raises {@link MalformedEventException} (or any other non-transient exception): it goes
 * to the dead-letter topic with the reason — through the channel's {@code dead-letter-queue} failure strategy, or,
 * in a batch, through {@link DeadLetters} — and consumption goes on. A transient failure (database down, pool
 * drained, deadlock: {@link TransientFailure}) is never dead-lettered: it is retried with backoff (200 ms up to 15 s),
 * each attempt in a fresh transaction, for as long as it lasts; the consumer waits meanwhile (the channel's worker
 * thread is held, SmallRye pauses the partitions and keeps polling) and {@link ConsumerReadiness} reports the wait.
 * The channels' commit strategy ({@code latest}, platform's microprofile-config.properties) has no maximum age for an
 * unacknowledged record, so a wait of any length does not close the consumer. While the service stops, a failure is
 * no verdict on the event ({@link Stopping}): the record is held, neither dead-lettered nor acknowledged.
 */
@ApplicationScoped
@Retry(retryOn = TransientFailure.class, maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0)
@ExponentialBackoff(maxDelay = 15, maxDelayUnit = ChronoUnit.SECONDS)
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    @Inject
    DeadLetters deadLetters;

    /** Consumers waiting on a transient failure: since when, and why (read by {@link ConsumerReadiness}). */
    private final Map<String, Wait> waiting = new ConcurrentHashMap<>();

    /** A consumer's wait on a transient failure. */
    public record Wait(Instant since, String reason) {
    }

    /**
     * Applies {@code effect} to the event in {@code record} once per {@code consumer}, in one new transaction
     * with the processed-event row; does nothing for an unknown type or an event already applied.
     */
    public void apply(String consumer, ConsumerRecord<String, String> record, Consumer<ReceivedEvent> effect) {
        try {
            applyAlone(consumer, record, effect);
        } catch (RuntimeException e) {
            if (!TransientFailure.isTransient(e) && Stopping.now()) {
                Stopping.hold(consumer, e); // a failure while the service stops is no verdict on the event
            }
            throw transientOrRethrow(consumer, record, e);
        }
        waited(consumer);
    }

    /**
     * Applies {@code effect} to every event of a polled batch in one transaction. If one record is poison, the
     * batch is applied again a record at a time, each in its own transaction, and only the poison record goes to
     * the dead-letter topic. A transient failure retries the whole batch; what was applied is skipped then.
     */
    public void applyBatch(String consumer, ConsumerRecords<String, String> records, Consumer<ReceivedEvent> effect) {
        try {
            QuarkusTransaction.requiringNew().run(() -> applyAll(consumer, records, effect));
            waited(consumer);
            return;
        } catch (RuntimeException e) {
            if (TransientFailure.isTransient(e)) {
                throw transientOrRethrow(consumer, records.iterator().next(), e);
            }
        }
        for (ConsumerRecord<String, String> record : records) {
            try {
                applyAlone(consumer, record, effect);
            } catch (RuntimeException e) {
                if (TransientFailure.isTransient(e)) {
                    throw transientOrRethrow(consumer, record, e);
                }
                if (Stopping.now()) {
                    Stopping.hold(consumer, e); // a failure while the service stops is no verdict on the event
                }
                LOG.warnf("event at %s-%d@%d goes to the dead-letter topic: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                deadLetters.send(record, e);
            }
        }
        waited(consumer);
    }

    /** The consumers waiting now on a transient failure (database away, pool drained), with since when and why. */
    public Map<String, Wait> waiting() {
        return Map.copyOf(waiting);
    }

    private void waited(String consumer) {
        Wait wait = waiting.remove(consumer);
        if (wait != null) {
            LOG.infof("consumer %s resumes after waiting %s on: %s", consumer,
                    Duration.between(wait.since(), Instant.now()), wait.reason());
        }
    }

    /**
     * The batch in the current transaction: every record parsed first, then one statement records the whole batch's
     * processed-event rows (the ids it returns are those seen for the first time), then the effects in order.
     */
    private void applyAll(String consumer, ConsumerRecords<String, String> records, Consumer<ReceivedEvent> effect) {
        List<ReceivedEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            parse(record).ifPresent(events::add);
        }
        Set<UUID> firstTime = firstTime(consumer, events.stream().map(ReceivedEvent::id).toList());
        for (ReceivedEvent event : events) {
            if (firstTime.remove(event.id())) { // remove: the same event twice in one batch is applied once
                effect.accept(event);
            } else {
                duplicate(consumer, event.id());
            }
        }
    }

    private void applyAlone(String consumer, ConsumerRecord<String, String> record, Consumer<ReceivedEvent> effect) {
        QuarkusTransaction.requiringNew().run(() -> receive(consumer, record).ifPresent(effect));
    }

    /** A transient failure becomes a {@link TransientFailure} (retried, counted); anything else is thrown as it is. */
    private RuntimeException transientOrRethrow(String consumer, ConsumerRecord<String, String> record, RuntimeException e) {
        if (!TransientFailure.isTransient(e)) {
            return e;
        }
        LOG.warnf("event at %s-%d@%d not applied yet, will retry: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
        meters.counter("duban.inbox.retries", "consumer", consumer).increment();
        waiting.putIfAbsent(consumer, new Wait(Instant.now(), String.valueOf(e.getMessage())));
        return new TransientFailure(e);
    }

    /**
     * @param consumer names the effect (e.g. {@code notification-inbox}); each consumer sees each event once
     * @return the event, or empty when its type is unknown here or this consumer already applied it
     */
    private Optional<ReceivedEvent> receive(String consumer, ConsumerRecord<String, String> record) {
        Optional<ReceivedEvent> event = parse(record);
        if (event.isPresent() && firstTime(consumer, List.of(event.get().id())).isEmpty()) {
            duplicate(consumer, event.get().id());
            return Optional.empty();
        }
        return event;
    }

    /** The record as a catalogue event; empty for a type unknown here; MalformedEventException if it is no event. */
    private static Optional<ReceivedEvent> parse(ConsumerRecord<String, String> record) {
        String type = header(record, "ce_type");
        String id = header(record, "ce_id");
        if (type == null || id == null) {
            throw new MalformedEventException("not a CloudEvent: ce_type or ce_id header missing (topic "
                    + record.topic() + ", offset " + record.offset() + ")");
        }
        Optional<EventType> known = EventType.ofType(type);
        if (known.isEmpty()) {
            LOG.infof("skipping event %s of unknown type %s on %s", id, type, record.topic());
            return Optional.empty();
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("ce_id is not a UUID: " + id);
        }
        if (record.value() == null) {
            throw new MalformedEventException("event " + id + " has no payload");
        }
        return Optional.of(new ReceivedEvent(eventId, known.get(), EventJson.read(record.value(), known.get().payload())));
    }

    private void duplicate(String consumer, UUID eventId) {
        LOG.debugf("event %s already applied by %s", eventId, consumer);
        meters.counter("duban.inbox.duplicates", "consumer", consumer).increment();
    }

    /**
     * Records that {@code consumer} applies these events (one statement however many); returns those it had not
     * applied before.
     */
    private Set<UUID> firstTime(String consumer, List<UUID> eventIds) {
        Set<UUID> fresh = new HashSet<>();
        if (eventIds.isEmpty()) {
            return fresh;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into processed_event (consumer, event_id) select ?, unnest(?)
                    on conflict do nothing returning event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        fresh.add(rs.getObject(1, UUID.class));
                    }
                }
            }
        });
        return fresh;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
