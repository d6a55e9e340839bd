package org.duban.platform.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import org.duban.platform.schema.SchemaMigration;

import io.agroal.api.AgroalDataSource;
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

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    @ConfigProperty(name = "duban.outbox.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    @ConfigProperty(name = "duban.outbox.batch-size", defaultValue = "500")
    int batchSize;

    /** Events per pass when the outbox holds batch rows (Outbox.publishAll). */
    @ConfigProperty(name = "duban.outbox.batch-events", defaultValue = "50000")
    int batchEvents;

    @ConfigProperty(name = "duban.outbox.enabled", defaultValue = "true")
    boolean enabled;

    /** At most one pending wake-up: many commits during a pass ask for one more pass, not many. */
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread worker;

    void onStart(@Observes StartupEvent ignored) {
        start();
    }

    synchronized void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
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
            try {
                while (running && publishPass()) {
                    // a full pass: there may be more
                }
                wakeUps.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                LOG.warnf("outbox relay pass failed, retrying in %s: %s", pollInterval, e.getMessage());
                try {
                    Thread.sleep(pollInterval.toMillis());
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
        List<CompletableFuture<?>> acks = rows.stream().map(this::send).toList();
        // Only the prefix acknowledged in order is marked: a later row never overtakes an earlier failed one
        // for good (it is sent again after it; consumers drop the duplicate by event id).
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(60, TimeUnit.SECONDS);
                sent.add(rows.get(i).seq());
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Kafka did not acknowledge outbox row %d (%s); it stays unsent: %s", rows.get(i).seq(),
                        rows.get(i).type(), e.getCause() == null ? e : e.getCause().getMessage());
                break;
            }
        }
        if (!sent.isEmpty()) {
            try (PreparedStatement mark = c.prepareStatement(
                    "update outbox_event set published_at = clock_timestamp() where seq = any(?)")) {
                mark.setArray(1, c.createArrayOf("bigint", sent.toArray()));
                mark.executeUpdate();
            }
        }
        return pass.more() && sent.size() == rows.size();
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
        try (PreparedStatement select = c.prepareStatement("""
                select seq, payloads is not null, event_count from outbox_event
                where published_at is null order by seq limit ?""")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                Boolean batches = null;
                long events = 0;
                int read = 0;
                while (rs.next()) {
                    read++;
                    boolean batch = rs.getBoolean(2);
                    if (batches != null && (batch != batches || (batch && events >= batchEvents))) {
                        more = true;
                        break;
                    }
                    batches = batch;
                    events += rs.getInt(3);
                    pass.add(rs.getLong(1));
                }
                more |= read == batchSize;
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
        List<Header> shared = new ArrayList<>(List.of(header("ce_specversion", "1.0"), header("ce_source", source),
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
                        .withSource(URI.create(source))
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
