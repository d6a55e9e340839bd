package org.duban.platform.kafka;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The connection settings of the Kafka clients platform builds itself (dead-letter replay, retention's topic check),
 * taken from the same {@code kafka.*} properties as the channels': the bootstrap servers and, where the broker asks
 * for it (compose: SASL/SCRAM), the security protocol, mechanism and JAAS config. Without them those clients could not
 * reach a secured broker.
 */
public final class KafkaClientSettings {

    private static final String[] SECURITY = { "security.protocol", "sasl.mechanism", "sasl.jaas.config" };

    private KafkaClientSettings() {
    }

    /** bootstrap.servers and the security settings that are set (an empty JAAS config is left out). */
    public static Map<String, Object> connection() {
        Config config = ConfigProvider.getConfig();
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092"));
        for (String key : SECURITY) {
            config.getOptionalValue("kafka." + key, String.class).filter(v -> !v.isBlank()).ifPresent(v -> props.put(key, v));
        }
        if (!"SASL_PLAINTEXT".equals(props.get("security.protocol")) && !"SASL_SSL".equals(props.get("security.protocol"))) {
            props.remove("sasl.mechanism"); // a mechanism without SASL is meaningless; PLAINTEXT keeps the client quiet
            props.remove("sasl.jaas.config");
        }
        return props;
    }
}
