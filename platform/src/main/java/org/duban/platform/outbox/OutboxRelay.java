package org.duban.platform.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import org.duban.platform.config.ApplicationName;
import org.duban.platform.schema.SchemaMigration;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;


/**
 * Publishes outbox rows to Kafka in {@code seq} order and marks them sent only after the broker has
 * acknowledged them. One relay at a time per database holds a transaction-scoped advisory lock, so two
 * instances of a service never publish the same row twice and per-aggregate order is kept. While Kafka is
 * down, sends fail, rows stay unsent and go out on a later pass.
 *
 * <p>A row the broker refuses for good (a record over {@code max.request.size}, checked before sending; an unknown or
 * invalid topic; an authorization failure) is a poison row: each such failure is counted on the row, later rows with
 * other keys go on, and after {@code duban.outbox.max-attempts} failures the row is parked ({@code parked_at},
 * {@code last_error}, metric {@code duban.outbox.parked}, a warning in readiness); later rows sharing one of its keys on
 * its topic wait behind it until an operator retries or discards it ({@link ParkedRows}). The relay's thread restarts
 * itself if an {@code Error} kills it, and {@link RelayLiveness} reports a relay that is dead or stuck.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming "the outbox relay" among advisory locks of a database. */
    private static final long RELAY_LOCK = 0x0D0BA40L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @Channel("duban-outbox")
    MutinyEmitter<String> emitter;

    @Inject
    SchemaMigration schema;

    @Inject
    KafkaClientService kafkaClients;

    /** The duban-outbox channel's Kafka producer, for batch rows; looked up on first use (the channel starts first). */
    private volatile Producer<String, String> producer;

    @Inject
    OutboxConfig config;

    /** The service's name: the CloudEvents source. */
    @Inject
    ApplicationName application;

    @Inject
    MeterRegistry meters;

    /** Test hook: runs before every pass on the relay's thread (platform's tests inject an Error or a stall here). */
    private volatile Runnable beforePass = () -> {
    };

    /** Sets the test hook (a method, not the field: a test holds the bean's client proxy). */
    void beforePass(Runnable hook) {
        beforePass = hook;
    }

    /** When the relay's loop last went round (liveness: a relay that stops going round is stuck). */
    private volatile Instant lastBeat = Instant.now();
    private volatile Throwable lastDeath;
    private final AtomicLong parked = new AtomicLong();

    /** At most one pending wake-up: many commits during a pass ask for one more pass, not many. */
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread worker;

    void onStart(@Observes StartupEvent ignored) {
        start();
    }

    synchronized void start() {
        if (!config.enabled() || running) {
            return;
        }
        running = true;
        meters.gauge("duban.outbox.parked", parked);
        worker = newWorker();
        worker.start();
    }

    /**
     * The relay's thread. An {@code Error} out of a pass (the loop catches only exceptions: an Error may have left the
     * JVM in a state worth a fresh start) ends the thread; its handler logs it, counts {@code duban.outbox.relay.restarts}
     * and starts a new thread after the poll interval.
     */
    private Thread newWorker() {
        Thread thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((dead, error) -> died(error));
        return thread;
    }

    private void died(Throwable error) {
        lastDeath = error;
        meters.counter("duban.outbox.relay.restarts").increment();
        LOG.errorf(error, "the outbox relay died; restarting it in %s", config.pollInterval());
        try {
            Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (running) {
                worker = newWorker();
                worker.start();
            }
        }
    }

    /** For liveness: whether the relay should run, and runs; when it last went round; what last killed it. */
    record State(boolean enabled, boolean alive, Instant lastBeat, Throwable lastDeath, long parked) {
    }

    State state() {
        Thread w = worker;
        return new State(config.enabled(), w != null && w.isAlive(), lastBeat, lastDeath, parked.get());
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Asks for a pass now (after a commit that wrote rows); never blocks the caller. */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    private void loop() {
        while (running) {
            lastBeat = Instant.now();
            try {
                beforePass.run();
                while (running && publishPass()) {
                    lastBeat = Instant.now(); // a full pass: there may be more
                }
                lastBeat = Instant.now();
                wakeUps.poll(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                LOG.warnf("outbox relay pass failed, retrying in %s: %s", config.pollInterval(), e.getMessage());
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One pass: returns whether it published a full pass, all of it, so that more may be waiting (false when it found
     * less, when a row stayed unsent, or when another instance holds the relay lock).
     */
    boolean publishPass() throws SQLException, InterruptedException {
        if (!schema.isMigrated()) {
            return false; // the outbox table is not there yet
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean full = publishPass(c);
                c.commit();
                return full;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private boolean publishPass(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
        }
        Pass pass = nextPass(c);
        if (pass.seqs().isEmpty()) {
            return false;
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                select seq, id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate,
                       array_to_string(event_ids, E'\n'), array_to_string(aggregate_ids, E'\n'), payloads
                from outbox_event where seq = any(?) order by seq""")) {
            select.setArray(1, c.createArrayOf("bigint", pass.seqs().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                            new TraceContext(rs.getString(8), rs.getString(9)), lines(rs.getString(10)),
                            lines(rs.getString(11)), lines(rs.getString(12))));
                }
            }
        }
        // A record the producer would refuse for its size is not sent at all, nor are later rows of the pass sharing
        // one of its keys (they must not overtake it).
        Set<String> refusedKeys = new HashSet<>();
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String tooLarge = tooLarge(row);
            if (tooLarge != null) {
                refusedKeys.addAll(keys(row));
                acks.add(CompletableFuture.failedFuture(new PoisonRow(tooLarge)));
            } else if (intersects(refusedKeys, row)) {
                acks.add(null); // waits behind a refused row of its key
            } else {
                acks.add(send(row));
            }
        }
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        boolean brokerAnswered = false;
        for (int i = 0; i < rows.size(); i++) {
            if (acks.get(i) == null) {
                outcomes.add(Outcome.HELD);
                continue;
            }
            try {
                acks.get(i).get(60, TimeUnit.SECONDS);
                outcomes.add(Outcome.ACKED);
                brokerAnswered = true;
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                Outcome outcome = classify(cause);
                outcomes.add(outcome.withReason(String.valueOf(cause.getMessage())));
                if (outcome == Outcome.TRANSIENT) {
                    break; // the broker is away: what follows fails too
                }
            }
        }
        // Marked: the rows acknowledged in order, except after a transient failure (a later row never overtakes an
        // earlier unsent one for good: it is sent again after it, consumers drop the duplicate by event id) and except
        // rows sharing a key with an earlier row refused for good (it waits behind it). A refused row counts a failure
        // and is parked at the limit; others go on past it.
        List<Long> sent = new ArrayList<>();
        Set<String> failedKeys = new HashSet<>();
        boolean stopped = false;
        for (int i = 0; i < outcomes.size() && !stopped; i++) {
            Row row = rows.get(i);
            Outcome outcome = outcomes.get(i);
            boolean permanent = outcome.kind == Outcome.Kind.PERMANENT
                    || (outcome.kind == Outcome.Kind.UNKNOWN_TOPIC && brokerAnswered);
            if (outcome.kind == Outcome.Kind.ACKED && !intersects(failedKeys, row)) {
                sent.add(row.seq());
            } else if (outcome.kind == Outcome.Kind.HELD || outcome.kind == Outcome.Kind.ACKED) {
                failedKeys.addAll(keys(row));
            } else if (permanent) {
                failedKeys.addAll(keys(row));
                failed(c, row, outcome.reason);
            } else {
                LOG.warnf("Kafka did not acknowledge outbox row %d (%s); it stays unsent: %s", row.seq(), row.type(),
                        outcome.reason);
                stopped = true;
            }
        }
        if (!sent.isEmpty()) {
            try (PreparedStatement mark = c.prepareStatement(
                    "update outbox_event set published_at = clock_timestamp() where seq = any(?)")) {
                mark.setArray(1, c.createArrayOf("bigint", sent.toArray()));
                mark.executeUpdate();
            }
        }
        countParked(c);
        return pass.more() && sent.size() == rows.size();
    }

    /** What became of a row's send in a pass. */
    private record Outcome(Kind kind, String reason) {
        enum Kind { ACKED, HELD, PERMANENT, UNKNOWN_TOPIC, TRANSIENT }

        static final Outcome ACKED = new Outcome(Kind.ACKED, null);
        static final Outcome HELD = new Outcome(Kind.HELD, null);
        static final Outcome TRANSIENT = new Outcome(Kind.TRANSIENT, null);

        Outcome withReason(String reason) {
            return new Outcome(kind, reason);
        }
    }

    /** A send that failed because of the row itself, found before sending. */
    static final class PoisonRow extends RuntimeException {
        PoisonRow(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Permanent: the broker (or the producer, for the size) refuses this record whatever the time. An unknown topic
     * shows as a metadata timeout when the broker does not create topics, which a broker outage looks like too: it
     * counts as permanent only when the broker acknowledged another row in the same pass.
     */
    private static Outcome classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRow || t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidTopicException || t instanceof UnknownTopicOrPartitionException
                    || t instanceof AuthorizationException || t instanceof SerializationException
                    || t instanceof InvalidRecordException) {
                return new Outcome(Outcome.Kind.PERMANENT, null);
            }
            if (t instanceof org.apache.kafka.common.errors.TimeoutException && t.getMessage() != null
                    && t.getMessage().contains("not present in metadata")) {
                return new Outcome(Outcome.Kind.UNKNOWN_TOPIC, null);
            }
        }
        return Outcome.TRANSIENT;
    }

    /** Counts a permanent failure of the row and parks it at the limit. */
    private void failed(Connection c, Row row, String reason) throws SQLException {
        try (PreparedStatement fail = c.prepareStatement("""
                update outbox_event set attempts = attempts + 1, last_error = ?,
                    parked_at = case when attempts + 1 >= ? then clock_timestamp() end
                where seq = ? returning parked_at is not null, attempts""")) {
            fail.setString(1, reason);
            fail.setInt(2, config.maxAttempts());
            fail.setLong(3, row.seq());
            try (ResultSet rs = fail.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    meters.counter("duban.outbox.parked.rows", "topic", row.topic()).increment();
                    LOG.errorf("outbox row %d (%s to %s) refused %d times, parked: later rows with its key wait behind it"
                            + " until it is retried or discarded (/api/admin/outbox/parked): %s", row.seq(), row.type(),
                            row.topic(), rs.getInt(2), reason);
                } else {
                    LOG.warnf("outbox row %d (%s to %s) refused (%d of %d before it is parked): %s", row.seq(), row.type(),
                            row.topic(), rs.getInt(2), config.maxAttempts(), reason);
                }
            }
        }
    }

    private void countParked(Connection c) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("""
                select count(*) from outbox_event
                where parked_at is not null and published_at is null and discarded_at is null""");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            parked.set(rs.getLong(1));
        }
    }

    /**
     * Why the producer would refuse this row's record (or a batch row's largest), or null: the record's size estimated
     * as Kafka counts it (key, value, headers, and the record batch's overhead) against {@code max.request.size}.
     */
    private String tooLarge(Row row) {
        long headers = 200 + application.name().length() + row.type().length() + (row.trace().isPresent() ? 120 : 0);
        if (row.payloads() == null) {
            long size = utf8(row.aggregateId()) + utf8(row.payload()) + headers + 64;
            return size > config.maxRequestSize() ? "record of " + size + " bytes exceeds max.request.size " + config.maxRequestSize() : null;
        }
        for (int i = 0; i < row.payloads().length; i++) {
            long size = utf8(row.aggregateIds()[i]) + utf8(row.payloads()[i]) + headers + 64;
            if (size > config.maxRequestSize()) {
                return "event " + row.eventIds()[i] + ": record of " + size + " bytes exceeds max.request.size " + config.maxRequestSize();
            }
        }
        return null;
    }

    private static long utf8(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
        }
        return n;
    }

    /** The row's keys on its topic ("topic key"): one for a single event, each event's for a batch row. */
    private static List<String> keys(Row row) {
        if (row.payloads() == null) {
            return List.of(row.topic() + " " + row.aggregateId());
        }
        List<String> keys = new ArrayList<>(row.aggregateIds().length);
        for (String key : row.aggregateIds()) {
            keys.add(row.topic() + " " + key);
        }
        return keys;
    }

    private static boolean intersects(Set<String> keys, Row row) {
        if (keys.isEmpty()) {
            return false;
        }
        for (String key : keys(row)) {
            if (keys.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /** The rows of one pass, and whether more were waiting behind them. */
    private record Pass(List<Long> seqs, boolean more) {
    }

    /**
     * The rows of the next pass, in {@code seq} order: up to {@code duban.outbox.batch-size} rows of single events, or
     * batch rows up to {@code duban.outbox.batch-events} events (at least one row). A pass never mixes the two, because
     * they leave by different paths (below) and must not overtake each other.
     */
    private Pass nextPass(Connection c) throws SQLException {
        List<Long> pass = new ArrayList<>();
        boolean more = false;
        // Parked rows are left out, and so is every later row sharing one of a parked row's keys on its topic: it waits
        // behind it (per-key order). The subquery reads the few parked rows by their partial index.
        try (PreparedStatement select = c.prepareStatement("""
                select o.seq, o.payloads is not null, o.event_count from outbox_event o
                where o.published_at is null and o.parked_at is null and o.discarded_at is null
                  and not exists (
                    select 1 from outbox_event p
                    where p.parked_at is not null and p.published_at is null and p.discarded_at is null
                      and p.topic = o.topic and p.seq < o.seq
                      and (case when p.payloads is null then array[p.aggregate_id] else p.aggregate_ids end)
                          && (case when o.payloads is null then array[o.aggregate_id] else o.aggregate_ids end))
                order by o.seq limit ?""")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                Boolean batches = null;
                long events = 0;
                int read = 0;
                while (rs.next()) {
                    read++;
                    boolean batch = rs.getBoolean(2);
                    if (batches != null && (batch != batches || (batch && events >= config.batchEvents()))) {
                        more = true;
                        break;
                    }
                    batches = batch;
                    events += rs.getInt(3);
                    pass.add(rs.getLong(1));
                }
                more |= read == config.batchSize();
            }
        }
        return new Pass(pass, more);
    }

    /**
     * A batch row's column as lines: its payloads, and its id and key arrays, which the query joins into lines too (a
     * UUID and an aggregate id have no line break) because the driver's array parsing cost more than the sending.
     */
    private static String[] lines(String joined) {
        return joined == null ? null : joined.split("\n", -1);
    }

    /** Sends one row: a single event through the channel, a batch row's events straight to its producer. */
    private CompletableFuture<?> send(Row row) {
        if (row.payloads() == null) {
            return emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage();
        }
        // A batch row's events go to the channel's own Kafka producer directly, with the CloudEvents headers the
        // channel writes in binary mode: the channel's per-message processing (metadata, tracing span, acknowledgement
        // plumbing) held a million events to ~35,000 a second, a quarter of what the producer does alone.
        if (row.payloads().length != row.eventIds().length) {
            return CompletableFuture.failedFuture(new IllegalStateException("outbox row " + row.seq() + " holds "
                    + row.eventIds().length + " event ids but " + row.payloads().length + " payload lines"));
        }
        Producer<String, String> producer = producer();
        // the headers every event of the row shares, encoded once (a header's value is only read)
        List<Header> shared = new ArrayList<>(List.of(header("ce_specversion", "1.0"), header("ce_source", application.name()),
                header("ce_type", row.type()), header("ce_time", row.occurredAt().toString()),
                header("content-type", "application/json")));
        if (row.trace().isPresent()) {
            shared.add(header("traceparent", row.trace().traceparent()));
            if (row.trace().tracestate() != null) {
                shared.add(header("tracestate", row.trace().tracestate()));
            }
        }
        CompletableFuture<?>[] acks = new CompletableFuture<?>[row.payloads().length];
        for (int i = 0; i < acks.length; i++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateIds()[i], row.payloads()[i]);
            shared.forEach(record.headers()::add);
            record.headers().add(header("ce_id", row.eventIds()[i]));
            record.headers().add(header("ce_subject", row.aggregateIds()[i]));
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = kafkaClients.<String, String> getProducer("duban-outbox").unwrap();
        }
        return producer;
    }

    private Message<String> toMessage(Row row) {
        Message<String> message = Message.of(row.payload());
        if (row.trace().isPresent()) {
            // the connector's producer span becomes a child of the request that wrote the row
            message = message.addMetadata(TracingMetadata.withCurrent(row.trace().restore()));
        }
        return message
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.id().toString())
                        .withSource(URI.create(application.name()))
                        .withType(row.type())
                        .withSubject(row.aggregateId())
                        .withTimestamp(row.occurredAt().atZone(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic())
                        .withKey(row.aggregateId())
                        .build());
    }

    /** An outbox row: a single event ({@code payloads} null), or a batch row with its events in the arrays. */
    private record Row(long seq, UUID id, String topic, String aggregateId, String type, String payload,
            java.time.Instant occurredAt, TraceContext trace, String[] eventIds, String[] aggregateIds, String[] payloads) {
    }
}
