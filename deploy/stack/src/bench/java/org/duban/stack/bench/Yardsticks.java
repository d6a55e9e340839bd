package org.duban.stack.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.duban.infra.KafkaBroker;
import org.duban.infra.PostgresServer;

/**
 * The raw limits every Duban benchmark is compared with, measured on the same servers the tests use
 * (deploy/infra: PostgreSQL with fsync off, in-JVM Kafka broker): single-row INSERT+COMMIT rate on one and on
 * eight connections, and the produce→consume round trip of 1 KB records. Run: {@code deploy/bench.sh}.
 */
public final class Yardsticks {

    private Yardsticks() {
    }

    public static void main(String[] args) throws Exception {
        Duration window = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
        try (PostgresServer pg = PostgresServer.startEphemeral()) {
            prepare(pg);
            System.out.printf(Locale.ROOT, "postgres insert+commit, 1 connection : %,.0f rows/s%n", commitRate(pg, 1, window));
            System.out.printf(Locale.ROOT, "postgres insert+commit, 8 connections: %,.0f rows/s%n", commitRate(pg, 8, window));
        }
        try (KafkaBroker kafka = KafkaBroker.startEphemeral()) {
            long[] micros = roundTrips(kafka, roundTrips);
            System.out.printf(Locale.ROOT, "kafka 1 KB produce->consume round trip (%d records): p50 %.2f ms, p99 %.2f ms%n",
                    micros.length, percentile(micros, 50) / 1000.0, percentile(micros, 99) / 1000.0);
        }
    }

    /** The database and table {@link #commitRate} writes to. */
    public static void prepare(PostgresServer pg) throws Exception {
        pg.createDatabase("yardstick");
        try (Connection c = pg.connect("yardstick"); var s = c.createStatement()) {
            s.execute("create table row_commit (id uuid primary key, payload text not null)");
        }
    }

    /** Single-row INSERT + COMMIT per second over {@code connections} connections for {@code window}. */
    public static double commitRate(PostgresServer pg, int connections, Duration window) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long end = System.nanoTime() + window.toNanos();
            List<Future<Long>> counts = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                counts.add(pool.submit(() -> {
                    long n = 0;
                    try (Connection c = pg.connect("yardstick");
                            PreparedStatement insert = c.prepareStatement("insert into row_commit values (?, ?)")) {
                        c.setAutoCommit(false);
                        while (System.nanoTime() < end) {
                            insert.setObject(1, UUID.randomUUID());
                            insert.setString(2, "县政务服务中心");
                            insert.executeUpdate();
                            c.commit();
                            n++;
                        }
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> f : counts) {
                total += f.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One record in flight at a time: send, wait until the consumer sees it, repeat. */
    public static long[] roundTrips(KafkaBroker kafka, int count) throws Exception {
        String topic = "yardstick-" + UUID.randomUUID();
        Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
        Map<String, Object> consumerProps = new HashMap<>(common);
        consumerProps.put("group.id", "yardstick");
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("fetch.max.wait.ms", "100");
        Map<String, Object> producerProps = new HashMap<>(common);
        producerProps.put("acks", "all");
        producerProps.put("linger.ms", "0");
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
                var consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get(); // creates the topic
            consumer.subscribe(List.of(topic));
            int warm = 0;
            while (warm < 1) {
                warm += consumer.poll(Duration.ofMillis(100)).count();
            }
            long[] micros = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, value));
                int seen = 0;
                while (seen == 0) {
                    seen = consumer.poll(Duration.ofMillis(100)).count();
                }
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            return micros;
        }
    }

    public static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
