package org.duban.unit.registry;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;

import org.duban.events.Topics;
import org.duban.unit.config.UnitConfig;

/**
 * Makes sure {@value Topics#UNIT_SNAPSHOTS} exists and is compacted ({@code cleanup.policy=compact}), so the
 * latest snapshot of every unit stays readable forever. unit-service owns the topic, so it creates it: at
 * start-up, in the background, retrying while the broker is unreachable (the service is not ready until it
 * succeeds). A topic that a broker auto-created first, with the default delete policy, is switched to compact.
 */
@ApplicationScoped
@Readiness
public class SnapshotTopic implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SnapshotTopic.class);

    /** The service's Kafka client settings ({@code kafka.*}: servers, and credentials once there are any). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    UnitConfig config;

    private volatile boolean compacted;
    private volatile String lastError = "not attempted yet";
    private volatile boolean running = true;

    void onStart(@Observes StartupEvent ignored) {
        Thread worker = new Thread(() -> {
            while (running && !compacted) {
                try {
                    ensureCompacted();
                    compacted = true;
                    lastError = null;
                } catch (Exception e) {
                    lastError = e.getMessage();
                    LOG.warnf("cannot make %s a compacted topic yet, retrying every %s: %s", Topics.UNIT_SNAPSHOTS,
                            config.snapshotTopic().retryInterval(), lastError);
                    try {
                        Thread.sleep(config.snapshotTopic().retryInterval().toMillis());
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }, "snapshot-topic");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        running = false;
    }

    void ensureCompacted() throws Exception {
        Properties props = new Properties();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(Topics.UNIT_SNAPSHOTS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.UNIT_SNAPSHOTS, config.snapshotTopic().partitions(),
                            config.snapshotTopic().replicationFactor())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                            .all().get(15, TimeUnit.SECONDS);
                    LOG.infof("created the compacted topic %s", Topics.UNIT_SNAPSHOTS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.UNIT_SNAPSHOTS);
            ConfigEntry policy = admin.describeConfigs(List.of(topic)).all().get(15, TimeUnit.SECONDS).get(topic)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy == null || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value())) {
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                        AlterConfigOp.OpType.SET)))).all().get(15, TimeUnit.SECONDS);
                LOG.infof("switched %s from cleanup.policy=%s to compact", Topics.UNIT_SNAPSHOTS,
                        policy == null ? "?" : policy.value());
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("compacted topic " + Topics.UNIT_SNAPSHOTS).status(compacted);
        if (!compacted) {
            response.withData("error", String.valueOf(lastError));
        }
        return response.build();
    }
}
