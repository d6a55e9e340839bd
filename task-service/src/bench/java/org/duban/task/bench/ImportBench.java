package org.duban.task.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.duban.events.Topics;
import org.duban.task.importer.ResolveFixtureServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Plan import benchmark (issue 5, goal ≤ 2 s). Not part of the normal build: run it with
 * {@code ./mvnw -pl task-service test -Pbench -Dduban.seeds.dir=<shared/seeds>} (see BENCHMARKS.md). For each run it
 * imports the county notice (a fresh document number each time, so it is a new plan) over HTTP with a signed token
 * and measures the time from sending the request until every {@code TaskAssigned} of that plan has been read back from
 * {@code duban.task.events} by a consumer already positioned at the end of the topic; the number expected is the
 * plan's assignment rows in PostgreSQL. Unit names are resolved by the JDK-HttpServer stand-in for unit-service.
 * Yardstick from the same run: the raw Kafka round trip (produce one record, acks=all, until a consumer has it).
 * Sizes: {@code -Dbench.runs=10 -Dbench.warm-up=3 -Dbench.round-trips=200}.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_bench"))
@WithTestResource(ResolveFixtureServer.class)
class ImportBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 10);
    private static final int WARM_UP = Integer.getInteger("bench.warm-up", 3);
    private static final int ROUND_TRIPS = Integer.getInteger("bench.round-trips", 200);

    @Test
    void importUntilEveryTaskAssignedIsDelivered() throws Exception {
        String bootstrap = RealInfrastructure.kafka().bootstrapServers();
        String notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE);
        List<Double> total = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        long assignmentsPerImport = 0;
        long missedPerImport = 0;
        // As in service, where the deadline watcher sweeps every minute: its mark is now, so the notice's 2021
        // deadlines are behind it and each import also announces every new assignment's DeadlineMissed.
        try (var c = RealInfrastructure.postgres().connect("duban_task_bench"); var s = c.createStatement()) {
            s.executeUpdate("update deadline_watch set swept_until = now()");
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, Topics.TASK_EVENTS)) {
            for (int run = 0; run < WARM_UP + RUNS; run++) {
                String doc = notice.replace("中县政务公开办发〔2021〕8号", "中县政务公开办发〔2021〕" + (1000 + run) + "号");
                consumer.poll(Duration.ofMillis(100));
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                long start = System.nanoTime();
                String planId = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                        .body(doc.getBytes(StandardCharsets.UTF_8)).post("/api/plans/import").then().statusCode(201).extract()
                        .path("plans[0].id");
                long answered = System.nanoTime();
                long expected = assignments(planId);
                long seen = 0;
                while (seen < expected) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                        if (r.value().contains(planId) && r.value().contains("\"assignmentId\"")) {
                            seen++;
                        }
                    }
                    if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
                        throw new AssertionError("only " + seen + " of " + expected + " TaskAssigned within 60 s");
                    }
                }
                long done = System.nanoTime();
                assertEquals(expected, seen);
                assignmentsPerImport = expected;
                missedPerImport = missedAnnounced(planId);
                if (run >= WARM_UP) {
                    total.add((done - start) / 1e6);
                    http.add((answered - start) / 1e6);
                }
            }
        }
        List<Double> kafka = kafkaRoundTrips(bootstrap);
        StringBuilder out = new StringBuilder("\n=== ImportBench (county notice: 49 tasks, " + assignmentsPerImport
                + " TaskAssigned per import; " + RUNS + " runs after " + WARM_UP + " warm-up) ===\n");
        out.append("DeadlineMissed announced by each import (its 2021 deadlines are behind the watcher's mark): "
                + missedPerImport + "\n");
        out.append(line("import → every TaskAssigned delivered", total));
        out.append(line("  of which: HTTP import answered (201)", http));
        out.append(line("raw Kafka round trip (1 record, acks=all)", kafka));
        System.out.println(out);
    }

    private static String line(String what, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%-45s min %8.1f ms  p50 %8.1f ms  max %8.1f ms  (n=%d)%n", what, s.get(0),
                s.get(s.size() / 2), s.get(s.size() - 1), s.size());
    }

    private static long assignments(String planId) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task_bench");
                var s = c.prepareStatement("select count(*) from assignment a join task t on t.id = a.task_id where t.plan_id = ?")) {
            s.setObject(1, UUID.fromString(planId));
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long missedAnnounced(String planId) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task_bench");
                var s = c.prepareStatement("""
                        select count(*) from outbox_event_each
                        where type = 'duban.task.deadline-missed.v1'
                          and aggregate_id in (select cast(id as text) from task where plan_id = ?)""")) {
            s.setObject(1, UUID.fromString(planId));
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "bench-" + UUID.randomUUID());
        props.put("auto.offset.reset", "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    private static List<Double> kafkaRoundTrips(String bootstrap) throws Exception {
        String topic = "bench.import.roundtrip." + UUID.randomUUID();
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("linger.ms", 0);
        List<Double> ms = new ArrayList<>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "warm", "up")).get();
            Map<String, Object> cprops = new HashMap<>();
            cprops.put("bootstrap.servers", bootstrap);
            cprops.put("group.id", "bench-rt-" + UUID.randomUUID());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cprops, new StringDeserializer(),
                    new StringDeserializer())) {
                var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
                consumer.assign(List.of(partition));
                consumer.seekToEnd(List.of(partition));
                consumer.position(partition);
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    String key = "k" + i;
                    long start = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, 0, key, "v")).get();
                    boolean got = false;
                    while (!got) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(5))) {
                            got |= key.equals(r.key());
                        }
                        if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                            throw new AssertionError("round trip " + i + " not back within 30 s");
                        }
                    }
                    if (i >= 10) {
                        ms.add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
        }
        return ms;
    }
}
