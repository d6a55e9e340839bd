package org.duban.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class InfraTest {

    private static final java.nio.file.attribute.FileAttribute<?> READABLE =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    @Test
    void postgresAcceptsWritesAndStopsWithoutLeavingAProcess() throws Exception {
        long pid;
        try (PostgresServer pg = PostgresServer.startEphemeral()) {
            pg.createDatabase("duban_probe");
            pg.createDatabase("duban_probe"); // idempotent
            try (var c = pg.connect("duban_probe"); var s = c.createStatement()) {
                s.execute("create table t (id int primary key, name text)");
                s.execute("insert into t values (1, '县政务服务中心')");
                var rs = s.executeQuery("select name from t where id = 1");
                assertTrue(rs.next());
                assertEquals("县政务服务中心", rs.getString(1));
                rs = s.executeQuery("select pg_backend_pid()");
                rs.next();
            }
            pid = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("-p " + pg.port())).orElse(false))
                    .findFirst().orElseThrow().pid();
        }
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "postgres process must be gone");
    }

    @Test
    void durablePostgresKeepsDataAcrossRestarts() throws Exception {
        Path dir = Files.createTempDirectory("duban-pg-durable-", READABLE);
        try {
            int port = Ports.free();
            try (PostgresServer pg = PostgresServer.startDurable(dir.resolve("data"), port)) {
                pg.createDatabase("kept");
                try (var c = pg.connect("kept"); var s = c.createStatement()) {
                    s.execute("create table t (v text)");
                    s.execute("insert into t values ('survives')");
                }
            }
            try (PostgresServer pg = PostgresServer.startDurable(dir.resolve("data"), port);
                    var c = pg.connect("kept"); var s = c.createStatement()) {
                var rs = s.executeQuery("select v from t");
                assertTrue(rs.next());
                assertEquals("survives", rs.getString(1));
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void aTakenPortFailsFastNamingThePort() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            Path dir = Files.createTempDirectory("duban-pg-taken-", READABLE);
            InfraException e = assertThrows(InfraException.class,
                    () -> PostgresServer.startDurable(dir.resolve("data"), taken.getLocalPort()));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort()) && e.getMessage().contains("taken"), e.getMessage());
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void aStoppedBrokerComesBackOnItsPortWithItsRecords() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.startEphemeral()) {
            Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before")).get();
            }
            kafka.stop();
            kafka.start();
            var consumerProps = new java.util.HashMap<String, Object>(props);
            consumerProps.put("group.id", "after-restart");
            consumerProps.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("kept"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        assertEquals("before", records.iterator().next().value());
                        return;
                    }
                }
                throw new AssertionError("the record written before the restart is gone");
            }
        }
    }

    @Test
    void kafkaRoundTripsARecord() {
        try (KafkaBroker kafka = KafkaBroker.startEphemeral()) {
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "task-1", "交办")).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            var consumerProps = new java.util.HashMap<String, Object>(common);
            consumerProps.put("group.id", "probe");
            consumerProps.put("auto.offset.reset", "earliest");
            try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        var r = records.iterator().next();
                        assertEquals("task-1", r.key());
                        assertEquals("交办", r.value());
                        return;
                    }
                }
                throw new AssertionError("no record within 30 s");
            }
        }
    }
}
