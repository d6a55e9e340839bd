package org.duban.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker + controller, one node), run in this JVM from
 * Kafka's own server classes. Tests use a throw-away log directory; the local stack keeps its log directory
 * so topics and offsets survive restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;
    private boolean throwAway;

    private KafkaBroker(Path logDir, int port) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = Ports.free();
    }

    public static KafkaBroker startEphemeral() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("duban-kafka-"), Ports.free());
            broker.throwAway = true;
            broker.start();
            return broker;
        } catch (IOException e) {
            throw new InfraException("cannot create a temp directory for Kafka", e);
        }
    }

    public static KafkaBroker startDurable(Path logDir, int port) {
        KafkaBroker broker = new KafkaBroker(logDir, port);
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private boolean hookInstalled;

    /** Starts the broker (again, after {@link #stop()}) on the same port and log directory. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Ports.requireFree(port, "Kafka");
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        KafkaConfig config = new KafkaConfig(props, false);
        try {
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::close, "kafka-stop"));
                hookInstalled = true;
            }
            awaitReady();
        } catch (InfraException e) {
            throw e;
        } catch (Exception e) {
            close();
            throw new InfraException("cannot start the Kafka broker on 127.0.0.1:" + port + " (log dir " + logDir + "): "
                    + e.getMessage(), e);
        }
    }

    private void format() throws Exception {
        Files.createDirectories(logDir);
        new Formatter()
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
    }

    private void awaitReady() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new InfraException("the Kafka broker on " + bootstrapServers() + " did not become ready in 60 s", e);
                    }
                }
                PostgresServer.sleepQuietly(50);
            }
        }
    }

    /** Stops the broker but keeps its log: {@link #start()} brings it back with every record (fault tests). */
    public synchronized void stop() {
        if (server != null) {
            KafkaRaftServer s = server;
            server = null;
            s.shutdown();
            s.awaitShutdown();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (throwAway) {
            TempDirs.deleteRecursively(logDir);
        }
    }
}
