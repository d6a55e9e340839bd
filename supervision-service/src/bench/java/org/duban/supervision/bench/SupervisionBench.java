package org.duban.supervision.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskAssigned;
import org.duban.supervision.bulletin.BulletinDrafter;
import org.duban.supervision.bulletin.BulletinFigures;
import org.duban.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * #6 benchmarks, not part of the normal build: {@code ./mvnw -pl supervision-service test -Pbench} (BENCHMARKS.md).
 * <ol>
 * <li>Projection throughput: {@code bench.tasks} tasks × (TaskAssigned, ProgressReported, DeadlineMissed — the last
 * issues a red card through the outbox) are produced to duban.task.events as fast as one producer goes; the rate is
 * events applied (processed_event rows of the projection) per second from the first send to the last applied.
 * Yardstick from the same run: a plain KafkaConsumer in a new group reading the same records.</li>
 * <li>Bulletin draft over {@code bench.assignments} assignment rows generated with SQL: {@link BulletinDrafter#figures}
 * (median of {@code bench.repeats}) vs one raw PostgreSQL aggregate (count per unit with the same filters) over the
 * same rows.</li>
 * </ol>
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class SupervisionBench {

    private static final int TASKS = Integer.getInteger("bench.tasks", 10_000);
    private static final int ASSIGNMENTS = Integer.getInteger("bench.assignments", 200_000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 7);
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59.999Z");

    @Inject
    BulletinDrafter drafter;

    @Test
    void projectionThroughputAndBulletinDraft() throws Exception {
        StringBuilder out = new StringBuilder("\n=== #6 supervision benchmark ===\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s %s, Java %s; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), loadAverage()));
        projection(out);
        bulletin(out);
        System.out.println(out);
    }

    private void projection(StringBuilder out) throws Exception {
        long before = processed();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            UUID task = UUID.randomUUID();
            UUID assignment = UUID.randomUUID();
            UUID unit = new UUID(0x5eed, i % 500);
            Instant at = Instant.parse("2021-07-23T02:00:00Z");
            records.add(record(new TaskAssigned(assignment, task, "基准任务 " + i, unit, "LEAD", DUE, at)));
            records.add(record(new ProgressReported(UUID.randomUUID(), assignment, task, unit, 40, "推进中", at.plusSeconds(86_400))));
            records.add(record(new DeadlineMissed(assignment, task, unit, DUE, DUE.plusSeconds(60))));
        }
        int n = records.size();
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object> of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(),
                "linger.ms", 5, "batch.size", 262_144), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(n);
            for (var r : records) {
                sent.add(producer.send(r));
            }
            for (var f : sent) {
                f.get();
            }
        }
        double producedSeconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(50)).until(() -> processed() - before >= n);
        double appliedSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(n, processed() - before, "every event applied");
        long cards = count("select count(*) from warning where unit_id::text like '00000000-0000-5eed-%'");

        // yardstick: the raw consume rate of the same topic (a new group reads everything from the start)
        long readStart = System.nanoTime();
        long read = 0;
        long total = endOffsets();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object> of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(),
                "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "max.poll.records", 2000),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS));
            while (read < total && System.nanoTime() - readStart < Duration.ofMinutes(2).toNanos()) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        double rate = n / appliedSeconds;
        double raw = read / readSeconds;
        out.append(String.format(Locale.ROOT,
                "projection: %,d events (%,d tasks × assigned/reported/missed; %,d red cards with their outbox rows) produced in %.1f s, "
                        + "all applied after %.1f s = %,.0f events/s%n", n, TASKS, cards, producedSeconds, appliedSeconds, rate));
        out.append(String.format(Locale.ROOT, "yardstick: raw KafkaConsumer read %,d records of the topic in %.2f s = %,.0f records/s; "
                + "projection = %.1f %% of it%n", read, readSeconds, raw, 100 * rate / raw));
    }

    private void bulletin(StringBuilder out) throws Exception {
        UUID plan = UUID.randomUUID();
        long genStart = System.nanoTime();
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement s = c.createStatement()) {
            // 500 units; a quarter of the rows ongoing; of the due ones 60 % done on time, 10 % done late, 30 % overdue
            s.execute("""
                    insert into assignment_status (assignment_id, task_id, unit_id, task_title, status, percent_complete, due_at,
                        updated_at, plan_id, task_number, role, assigned_at, last_reported_at, missed_open, completed_at, on_time)
                    select gen_random_uuid(),
                           ('00000000-0000-0000-0001-' || lpad(to_hex(g / 4), 12, '0'))::uuid,
                           ('00000000-0000-0000-0002-' || lpad(to_hex(g % 500), 12, '0'))::uuid,
                           '基准任务 ' || (g / 4), 'OPEN', 0,
                           case when g % 4 = 0 then null else timestamptz '2021-12-31 23:59:59.999+08' end,
                           now(), 'PLAN', '(' || (g / 4) || ')', 'LEAD', timestamptz '2021-07-23 10:00+08', null,
                           case when g %% 4 <> 0 and g %% 10 >= 7 then 1 else 0 end,
                           case when g %% 4 <> 0 and g %% 10 < 7 then timestamptz '2021-12-20 10:00+08' end,
                           case when g %% 4 <> 0 and g %% 10 < 7 then g %% 10 < 6 end
                    from generate_series(1, ROWS) g""".replace("%%", "%").replace("PLAN", plan.toString())
                    .replace("ROWS", Integer.toString(ASSIGNMENTS)));
            s.execute("analyze assignment_status");
        }
        double genSeconds = (System.nanoTime() - genStart) / 1e9;
        LocalDate from = LocalDate.of(2021, 10, 1);
        LocalDate to = LocalDate.of(2021, 12, 31);
        long[] draft = new long[REPEATS];
        BulletinFigures figures = null;
        for (int i = 0; i < REPEATS; i++) {
            long t = System.nanoTime();
            figures = QuarkusTransaction.requiringNew().call(() -> drafter.figures(from, to, plan));
            draft[i] = System.nanoTime() - t;
        }
        assertEquals(ASSIGNMENTS, figures.assignments());
        long[] raw = new long[REPEATS];
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision");
                PreparedStatement p = c.prepareStatement("""
                        select unit_id, count(*), count(*) filter (where due_at < ?), count(*) filter (where completed_at < ?),
                               count(*) filter (where due_at < ? and completed_at < ? and on_time),
                               count(*) filter (where due_at < ? and missed_open > 0 and completed_at is null)
                        from assignment_status where plan_id = ? and assigned_at < ? and status not in ('WITHDRAWN', 'RETURNED')
                        group by unit_id""")) {
            Timestamp endEx = Timestamp.from(Instant.parse("2021-12-31T16:00:00Z"));
            for (int k = 1; k <= 5; k++) {
                p.setTimestamp(k, endEx);
            }
            p.setObject(6, plan);
            p.setTimestamp(7, endEx);
            for (int i = 0; i < REPEATS; i++) {
                long t = System.nanoTime();
                int rows = 0;
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                raw[i] = System.nanoTime() - t;
                assertEquals(500, rows);
            }
        }
        out.append(String.format(Locale.ROOT, "bulletin: %,d assignment rows of one plan (500 units) generated in %.1f s; "
                + "on-time rate %.1f %%, %,d overdue items in %d lagging units%n", ASSIGNMENTS, genSeconds, figures.onTimeRate(),
                figures.overdue(), figures.lagging().size()));
        out.append(String.format(Locale.ROOT, "bulletin draft (all figures, ranking, lagging items, cards, findings): median %.0f ms, "
                + "min %.0f ms over %d runs%n", median(draft) / 1e6, Arrays.stream(draft).min().getAsLong() / 1e6, REPEATS));
        out.append(String.format(Locale.ROOT, "yardstick: raw PostgreSQL per-unit aggregate over the same rows: median %.0f ms, min %.0f ms%n",
                median(raw) / 1e6, Arrays.stream(raw).min().getAsLong() / 1e6));
    }

    private static ProducerRecord<String, String> record(DomainEvent event) {
        EventType type = EventType.of(event);
        var r = new ProducerRecord<>(type.topic(), event.aggregateId(), EventJson.write(event));
        r.headers().add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_type", type.type().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_source", "task-service".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private static long endOffsets() {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object> of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.TASK_EVENTS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            Map<org.apache.kafka.common.TopicPartition, Long> begin = new HashMap<>(consumer.beginningOffsets(partitions));
            return consumer.endOffsets(partitions).entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    private static long processed() throws Exception {
        return count("select count(*) from processed_event where consumer = 'supervision-status'");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "n/a";
        }
    }
}
