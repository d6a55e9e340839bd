package org.duban.task.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Deadline sweep benchmark (issue 5). Not part of the normal build: run it with
 * {@code ./mvnw -pl task-service verify -Pbench} (see BENCHMARKS.md). It generates {@code bench.assignments}
 * (default 1,000,000) open assignments with plain SQL (1,000 tasks × 1,000 units, all due at the same moment),
 * moves the clock one second past that moment and runs one {@link DeadlineWatcher#sweep()} from a mark before it; it
 * measures
 * <ol>
 * <li>the time until every overdue assignment has its one {@code DeadlineMissed} in the outbox (the sweep's
 * commits), and checks each is there exactly once;</li>
 * <li>the time until Kafka has acknowledged every one of them (the relay publishes while the sweep goes on), waiting
 * up to {@code bench.publish-seconds} (default 180);</li>
 * <li>yardsticks from the same run on the same PostgreSQL: one {@code insert … select} that reads the same overdue
 * assignments and writes their events as batch rows of 1,000 with the JSON built in SQL (the sweep's database work
 * with no Java at all), and a plain {@code insert … select generate_series} of as many rows shaped like
 * {@code outbox_event} with one event each (what a row per event costs); and on the same broker, as many records of
 * a {@code DeadlineMissed}'s size, key and CloudEvents headers sent with the relay's producer settings and with
 * settings for throughput, until the last is acknowledged.</li>
 * </ol>
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class DeadlineSweepBench {

    private static final int ASSIGNMENTS = Integer.getInteger("bench.assignments", 1_000_000);
    private static final int PUBLISH_SECONDS = Integer.getInteger("bench.publish-seconds", 180);
    private static final Instant ASSIGNED = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");

    /** A producer tuned for bulk sending rather than the relay's latency: the floor for any relay on this machine. */
    private static final Map<String, Object> THROUGHPUT_SETTINGS = new TreeMap<>(Map.of("linger.ms", 20,
            "batch.size", 262_144, "compression.type", "lz4"));

    /** DeadlineMissed events published so far from the outbox rows after a given {@code seq} (the sweep's rows). */
    private static final String PUBLISHED = """
            select coalesce(sum(event_count), 0) from outbox_event
            where type = 'duban.task.deadline-missed.v1' and published_at is not null and seq > %d""";

    @Inject
    DeadlineWatcher watcher;

    @Test
    void sweepOverAMillionOpenAssignments() throws Exception {
        TestClock clock = new TestClock(ASSIGNED);
        QuarkusMock.installMockForType(clock, Clock.class);
        int tasks = Math.max(1, ASSIGNMENTS / 1000);
        int units = ASSIGNMENTS / tasks;
        int total = tasks * units;
        var out = new StringBuilder();
        try (Connection c = RealInfrastructure.postgres().connect("duban_task")) {
            long rawOutbox = timed(c, """
                    create table bench_raw_outbox (like outbox_event including all);
                    insert into bench_raw_outbox (id, topic, aggregate_id, type, payload, occurred_at)
                    select gen_random_uuid(), 'duban.task.events', t::text, 'duban.task.deadline-missed.v1',
                           json_build_object('assignmentId', gen_random_uuid(), 'taskId', gen_random_uuid(),
                                             'unitId', gen_random_uuid(), 'dueAt', now(), 'detectedAt', now(),
                                             'dueKind', 'FINAL', 'dueLabel', null)::text, now()
                    from generate_series(1, %d) t""".formatted(total));
            timed(c, "drop table bench_raw_outbox");
            long rawKafka = rawKafka(total, Map.of());
            long rawKafkaBatched = rawKafka(total, THROUGHPUT_SETTINGS);

            // Open work left by tests that ran before in this database is not the benchmark's to announce.
            timed(c, "update assignment set status = 'WITHDRAWN' where status in ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED')");
            long generate = timed(c, """
                    insert into task (id, title, due_at, created_at, deadline_kind)
                    select gen_random_uuid(), '基准任务' || g, '%2$s', '%1$s', 'DATE' from generate_series(1, %3$d) g;
                    insert into assignment (id, task_id, unit_id, role, status, due_at, assigned_at)
                    select gen_random_uuid(), t.id, u.id, 'LEAD', 'ACCEPTED', t.due_at, '%1$s'
                    from task t cross join (select gen_random_uuid() as id from generate_series(1, %4$d)) u
                    where t.title like '基准任务%%';
                    analyze task; analyze assignment""".formatted(ASSIGNED, DUE, tasks, units));

            // the sweep's database work without Java: read the overdue assignments, write their events in batch rows
            long rawBatches = timed(c, """
                    create table bench_raw_batches (like outbox_event including all);
                    insert into bench_raw_batches (id, topic, type, occurred_at, event_count, event_ids, aggregate_ids, payloads)
                    select gen_random_uuid(), 'duban.task.events', 'duban.task.deadline-missed.v1', now(), count(*),
                           array_agg(gen_random_uuid()), array_agg(task_id::text), array_agg(payload)
                    from (select a.task_id, row_number() over () / 1000 as batch,
                                 '{"assignmentId":"' || a.id || '","taskId":"' || a.task_id || '","unitId":"' || a.unit_id
                                 || '","dueAt":"2021-12-31T15:59:59Z","detectedAt":"2021-12-31T16:00:00Z","dueKind":"FINAL","dueLabel":null}' as payload
                          from assignment a
                          where a.status in ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED') and a.due_at <= '%s') e
                    group by batch""".formatted(DUE));
            timed(c, "drop table bench_raw_batches");

            timed(c, "update deadline_watch set swept_until = '%s'".formatted(ASSIGNED));
            // the sweep's rows come after this one (tests that ran before in this database left their own)
            long before = count(c, "select coalesce(max(seq), 0) from outbox_event");
            String published = PUBLISHED.formatted(before);
            clock.set(DUE.plusSeconds(1));
            long start = System.nanoTime();
            int emitted = watcher.sweep();
            long sweep = System.nanoTime() - start;
            int missed = count(c, "select count(*) from outbox_event_each where type = 'duban.task.deadline-missed.v1' and seq > "
                    + before);
            int distinct = count(c, """
                    select count(distinct cast(payload as jsonb) ->> 'assignmentId') from outbox_event_each
                    where type = 'duban.task.deadline-missed.v1' and seq > %d""".formatted(before));
            assertEquals(total, missed, "one DeadlineMissed per overdue assignment");
            assertEquals(total, distinct, "no assignment announced twice");

            try {
                await().atMost(Duration.ofSeconds(PUBLISH_SECONDS)).pollInterval(Duration.ofMillis(100)).until(() -> count(c, published) == total);
            } catch (ConditionTimeoutException stillPublishing) {
                // reported below as "stopped waiting"
            }
            int publishedCount = count(c, published);
            long untilKafka = System.nanoTime() - start;
            long publishing = untilKafka - sweep;
            Timestamp first = timestamp(c, "select min(occurred_at) from outbox_event where type = 'duban.task.deadline-missed.v1' and seq > " + before);

            out.append(String.format(Locale.ROOT, "open assignments: %,d (%d tasks × %d units), generated in %.1f s%n",
                    total, tasks, units, generate / 1e9));
            out.append(String.format(Locale.ROOT, "yardstick: insert … select reading the %,d overdue assignments and writing"
                    + " their events as batch rows of 1,000 (JSON built in SQL): %.2f s (%,.0f events/s)%n",
                    total, rawBatches / 1e9, total / (rawBatches / 1e9)));
            out.append(String.format(Locale.ROOT, "yardstick: insert … select of %,d outbox_event-shaped rows, one event each (JSON built in SQL): %.2f s (%,.0f rows/s)%n",
                    total, rawOutbox / 1e9, total / (rawOutbox / 1e9)));
            out.append(String.format(Locale.ROOT, "yardstick: %,d records of a DeadlineMissed's size to Kafka, the relay's producer"
                    + " settings, until the last is acknowledged: %.2f s (%,.0f records/s)%n", total, rawKafka / 1e9,
                    total / (rawKafka / 1e9)));
            out.append(String.format(Locale.ROOT, "yardstick: the same with producer settings for throughput %s: %.2f s (%,.0f records/s)%n",
                    THROUGHPUT_SETTINGS, rawKafkaBatched / 1e9, total / (rawKafkaBatched / 1e9)));
            out.append(String.format(Locale.ROOT, "sweep: %,d DeadlineMissed in the outbox (this sweep announced %,d) in %.2f s"
                    + " (%,.0f/s); the batch-row yardstick took %.0f %% of that%n", missed, emitted, sweep / 1e9,
                    missed / (sweep / 1e9), 100.0 * rawBatches / sweep));
            out.append(String.format(Locale.ROOT, "kafka: %,d of %,d acknowledged %.2f s after the sweep began (%.2f s after it ended)%s;"
                    + " the yardsticks' sum (batch rows, then the relay's producer settings): %.2f s; first row written %s%n",
                    publishedCount, total, untilKafka / 1e9, publishing / 1e9,
                    publishedCount == total ? "" : " — stopped waiting after " + PUBLISH_SECONDS + " s",
                    (rawBatches + rawKafka) / 1e9, first));
        }
        System.out.println("\n==== DeadlineSweepBench ====\n" + out + "============================\n");
        Path report = Path.of("target", "deadline-sweep-bench.txt");
        Files.writeString(report, out.toString());
    }

    /**
     * Sends {@code total} records as the relay would send DeadlineMissed events (its settings from platform's
     * microprofile-config.properties: acks=all, idempotence, linger 1 ms; a task id as key, a payload of the same
     * length, the binary-mode CloudEvents headers) without waiting between sends; returns the nanoseconds until the
     * broker has acknowledged the last one. {@code overrides} replace or add producer settings.
     */
    private static long rawKafka(int total, Map<String, Object> overrides) throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(),
                "acks", "all", "enable.idempotence", true, "linger.ms", 1));
        settings.putAll(overrides);
        String payload = ("{\"assignmentId\":\"%s\",\"taskId\":\"%s\",\"unitId\":\"%s\",\"dueAt\":\"2021-12-31T15:59:59Z\","
                + "\"detectedAt\":\"2021-12-31T16:00:00Z\",\"dueKind\":\"FINAL\",\"dueLabel\":null}")
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            Future<RecordMetadata> last = null;
            for (int i = 0; i < total; i++) {
                var record = new ProducerRecord<>("bench.raw.deadline-missed", UUID.randomUUID().toString(), payload);
                for (String[] header : new String[][] {{"ce_specversion", "1.0"}, {"ce_id", UUID.randomUUID().toString()},
                        {"ce_source", "task-service"}, {"ce_type", "duban.task.deadline-missed.v1"},
                        {"ce_subject", record.key()}, {"ce_time", "2021-12-31T16:00:00Z"},
                        {"content-type", "application/json"}}) {
                    record.headers().add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
                }
                last = producer.send(record);
            }
            producer.flush();
            last.get();
            return System.nanoTime() - start;
        }
    }

    private static long timed(Connection c, String sql) throws Exception {
        long start = System.nanoTime();
        try (var s = c.createStatement()) {
            s.execute(sql);
        }
        return System.nanoTime() - start;
    }

    private static int count(Connection c, String sql) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Timestamp timestamp(Connection c, String sql) throws Exception {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }
}
