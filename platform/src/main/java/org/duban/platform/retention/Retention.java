package org.duban.platform.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import org.duban.platform.kafka.KafkaClientSettings;
import org.duban.platform.schema.SchemaMigration;

/**
 * Purges published (or discarded) outbox rows after {@code duban.retention.outbox} and processed-event rows after
 * {@code duban.retention.processed-events}, every {@code duban.retention.interval}, in deletes of
 * {@code duban.retention.batch-size} rows, by the database's clock, which stamped the rows, not the injected business
 * {@code Clock} that tests move (each delete its own short transaction: the relay reads only unpublished rows and
 * consumers insert new processed-event rows, so neither waits on a purge).
 *
 * <p>The rule: <b>the dedupe window (processed-events retention) must be longer than the retention of every topic the
 * service consumes</b>, or a redelivery from the start of a topic (a consumer group reset, a new instance reading from
 * the earliest offset) would meet events whose processed-event rows are gone and apply them twice. At start-up (and at
 * each run until the broker answered) the consumed topics' {@code retention.ms} is read from the broker; a topic
 * that keeps records longer (or for ever, {@code retention.ms=-1}) stops the purge of processed-event rows and is logged
 * as an error. Compacted-only topics ({@code cleanup.policy=compact}, the unit snapshots) keep the latest record per key
 * for ever whatever the window: their consumers must be idempotent by content (the unit replica keeps the newest
 * version) and are left out of the check.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    RetentionConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Inject
    MeterRegistry meters;

    private ScheduledExecutorService timer;
    /** Null until every consumed topic's retention was read; then whether the dedupe window outlives them all. */
    private volatile Boolean windowHolds;
    private volatile String windowProblem;

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, 5_000, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Whether the dedupe window is known to outlive every consumed topic (empty while not yet checked), and why not. */
    public Optional<Boolean> windowHolds() {
        return Optional.ofNullable(windowHolds);
    }

    public String windowProblem() {
        return windowProblem;
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException | SQLException e) {
            LOG.warnf("retention run failed, next in %s: %s", config.interval(), e.getMessage());
        }
    }

    /** One run: the start-up check until it is done, then the purges. */
    public void run() throws SQLException {
        if (!schema.isMigrated()) {
            return;
        }
        if (windowHolds == null) {
            checkWindow();
        }
        long outbox = purge("""
                delete from outbox_event where seq in (select seq from outbox_event
                where coalesce(published_at, discarded_at) < clock_timestamp() - ? * interval '1 second'
                order by coalesce(published_at, discarded_at) limit ?)""",
                config.outbox());
        meters.counter("duban.retention.purged", "table", "outbox_event").increment(outbox);
        if (Boolean.TRUE.equals(windowHolds)) {
            long processed = purge("""
                    delete from processed_event where ctid in (select ctid from processed_event
                    where processed_at < clock_timestamp() - ? * interval '1 second' order by processed_at limit ?)""",
                    config.processedEvents());
            meters.counter("duban.retention.purged", "table", "processed_event").increment(processed);
        }
    }

    private long purge(String delete, Duration retention) throws SQLException {
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(delete)) {
            c.setAutoCommit(true); // each batch its own transaction
            for (int i = 0; i < config.maxBatches(); i++) {
                statement.setLong(1, retention.toSeconds());
                statement.setInt(2, config.batchSize());
                int deleted = statement.executeUpdate();
                total += deleted;
                if (deleted < config.batchSize()) {
                    break;
                }
            }
        }
        return total;
    }

    /** Reads the consumed topics' retention from the broker and holds the dedupe window against it (see the class). */
    void checkWindow() {
        Set<String> topics = consumedTopics();
        if (topics.isEmpty()) {
            windowHolds = true;
            return;
        }
        Map<String, Object> props = KafkaClientSettings.connection();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<String, Config> configs = new LinkedHashMap<>();
        try (Admin admin = Admin.create(props)) {
            for (var entry : admin.describeConfigs(resources).values().entrySet()) {
                try {
                    configs.put(entry.getKey().name(), entry.getValue().get(20, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // not created yet: it holds nothing that could be delivered again
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("cannot read the consumed topics' retention yet (%s); processed-event rows are kept meanwhile",
                    e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<String> problems = new ArrayList<>();
        for (var entry : configs.entrySet()) {
            problems.addAll(problem(entry.getKey(), entry.getValue()).stream().toList());
        }
        if (!problems.isEmpty()) {
            windowProblem = String.join("; ", problems);
            windowHolds = false;
            LOG.errorf("the dedupe window duban.retention.processed-events=%s is not longer than the retention of every"
                    + " consumed topic, so processed-event rows are never purged: %s", config.processedEvents(), windowProblem);
        } else {
            windowHolds = true;
            LOG.infof("dedupe window %s outlives the retention of %s", config.processedEvents(), configs.keySet());
        }
    }

    private Optional<String> problem(String topic, Config topicConfig) {
        String policy = value(topicConfig, "cleanup.policy", "delete");
        if (!policy.contains("delete")) {
            return Optional.empty(); // compacted only: see the class comment
        }
        long retentionMs = Long.parseLong(value(topicConfig, "retention.ms", "604800000"));
        if (retentionMs < 0) {
            return Optional.of(topic + " keeps records for ever (retention.ms=-1)");
        }
        if (config.processedEvents().toMillis() <= retentionMs) {
            return Optional.of(topic + " keeps records " + Duration.ofMillis(retentionMs));
        }
        return Optional.empty();
    }

    private static String value(Config config, String name, String otherwise) {
        ConfigEntry entry = config.get(name);
        return entry == null || entry.value() == null ? otherwise : entry.value();
    }

    /** The topics of the enabled incoming Kafka channels ({@code mp.messaging.incoming.<channel>.topic}). */
    public static Set<String> consumedTopics() {
        var mp = ConfigProvider.getConfig();
        Set<String> topics = new TreeSet<>();
        for (String name : mp.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic") && !name.contains(".dead-letter-queue.")) {
                String channel = name.substring("mp.messaging.incoming.".length(), name.length() - ".topic".length());
                boolean enabled = mp.getOptionalValue("mp.messaging.incoming." + channel + ".enabled", Boolean.class).orElse(true);
                if (enabled) {
                    mp.getOptionalValue(name, String.class).ifPresent(topics::add);
                }
            }
        }
        return topics;
    }
}
