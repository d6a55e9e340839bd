package org.duban.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The rule alone: which values are published secrets, which names hold secrets, what counts as a developer's stack. */
class DefaultSecretsTest {

    @Test
    void publishedSecretsAndSwitchedOffChecksAreNamedWithoutTheirValues() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.password", "postgres");
        config.put("quarkus.datasource.username", "postgres"); // not a secret
        config.put("duban.province.county.secret", "demo-county-secret-NOT-FOR-PRODUCTION");
        config.put("DUBAN_PROVINCE_APPS_X_SECRET", "some-other-demo-NOT-FOR-PRODUCTION");
        config.put("duban.notification.webhook.default-secret", "test-webhook-secret");
        config.put("duban.notification.webhook.secrets.\"3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01\"", "kq3V…a real one");
        config.put("quarkus.oidc.credentials.secret", "provincial-platform-secret");
        config.put("kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"task\" password=\"postgres\";");
        config.put("quarkus.oidc.token.issuer", "any");
        config.put("quarkus.oidc.token.audience", "duban");
        List<String> offending = DefaultSecrets.offending(config);
        assertEquals(List.of("DUBAN_PROVINCE_APPS_X_SECRET", "duban.notification.webhook.default-secret",
                "duban.province.county.secret", "kafka.sasl.jaas.config", "quarkus.datasource.password",
                "quarkus.oidc.credentials.secret", "quarkus.oidc.token.issuer"),
                offending.stream().map(o -> o.substring(0, o.indexOf(" ("))).toList());
        assertTrue(offending.stream().noneMatch(o -> o.contains("postgres") || o.contains("demo-county")), offending.toString());
    }

    @Test
    void ownValuesPass() {
        assertEquals(List.of(), DefaultSecrets.offending(Map.of("quarkus.datasource.password", "Zx9-unit-db-2026",
                "duban.province.county.secret", "3b1f…", "quarkus.oidc.token.issuer", "https://sso.example.gov.cn/realms/duban",
                "quarkus.datasource.jdbc.url", "postgres")));
    }

    /** Every secret the repository's dev and test profiles set for a service is one the rule knows. */
    @Test
    void everySecretTheServicesDevAndTestProfilesSetIsKnown() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        int seen = 0;
        for (String service : List.of("unit-service", "task-service", "supervision-service", "notification-service",
                "province-gateway")) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(repo.resolve(service).resolve("src/main/resources/application.properties"),
                    StandardCharsets.UTF_8)) {
                p.load(in);
            }
            for (String name : p.stringPropertyNames()) {
                String plain = name.replaceFirst("^%(dev|test)\\.", "");
                if (!plain.equals(name) && DefaultSecrets.isSecretName(plain)) {
                    seen++;
                    assertTrue(DefaultSecrets.isPublished(p.getProperty(name).strip()), service + " " + name + " is not known");
                }
            }
        }
        assertTrue(seen >= 5, "dev/test secrets found: " + seen);
    }

    @Test
    void aDevelopersStackIsAllLoopback() {
        assertTrue(DefaultSecrets.onlyLoopback("jdbc:postgresql://127.0.0.1:15432/duban_task", "localhost:9092,127.0.0.1:9093",
                "http://127.0.0.1:8180/realms/duban"));
        assertFalse(DefaultSecrets.onlyLoopback("jdbc:postgresql://postgres:5432/duban_task", "kafka:19092",
                "http://keycloak:8080/realms/duban"));
        assertFalse(DefaultSecrets.onlyLoopback("jdbc:postgresql://127.0.0.1:5432/duban_task", "kafka:19092",
                "http://127.0.0.1:8180/realms/duban"), "one dependency elsewhere is a deployment");
        assertFalse(DefaultSecrets.onlyLoopback("jdbc:postgresql://10.0.0.5:5432/d", "127.0.0.1:9092", "http://[::1]:8180/x"));
        assertTrue(DefaultSecrets.onlyLoopback("jdbc:postgresql://[::1]:5432/d", "SASL_PLAINTEXT://localhost:9092",
                "http://[::1]:8180/x"));
    }
}
