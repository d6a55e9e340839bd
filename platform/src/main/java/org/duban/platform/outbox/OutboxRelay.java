package org.duban.platform.outbox;

import java.net.URI;
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

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    @ConfigProperty(name = "duban.outbox.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    @ConfigProperty(name = "duban.outbox.batch-size", defaultValue = "500")
    int batchSize;

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
                while (running && publishBatch() == batchSize) {
                    // a full batch: there may be more
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

    /** One pass: returns how many rows were published (0 if another instance holds the relay lock). */
    int publishBatch() throws SQLException, InterruptedException {
        if (!schema.isMigrated()) {
            return 0; // the outbox table is not there yet
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int published = publishBatch(c);
                c.commit();
                return published;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int publishBatch(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                select seq, id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate
                from outbox_event where published_at is null order by seq limit ?""")) {
            select.setInt(1, batchSize);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                            new TraceContext(rs.getString(8), rs.getString(9))));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = rows.stream()
                .map(row -> emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage())
                .toList();
        // Only the prefix acknowledged in order is marked: a later row never overtakes an earlier failed one
        // for good (it is sent again after it; consumers drop the duplicate by event id).
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(60, TimeUnit.SECONDS);
                sent.add(rows.get(i).seq());
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Kafka did not acknowledge outbox event %s (%s); it stays unsent: %s", rows.get(i).id(),
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
        return sent.size() == rows.size() ? sent.size() : -1;
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

    private record Row(long seq, UUID id, String topic, String aggregateId, String type, String payload,
            java.time.Instant occurredAt, TraceContext trace) {
    }
}
