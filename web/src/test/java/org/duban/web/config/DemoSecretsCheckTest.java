package org.duban.web.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * web's start check on its own application.properties (as packaged): the prod profile refuses the demo client and state
 * secrets when Keycloak is elsewhere than this machine, naming the properties and no value; a local stack is only warned;
 * dev and test keep the defaults; own values pass.
 */
class DemoSecretsCheckTest {

    static Map<String, String> packaged() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DemoSecretsCheckTest.class.getResourceAsStream("/application.properties")) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(n -> values.put(n, p.getProperty(n)));
        return values;
    }

    static DemoSecretsCheck.Values of(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void theProdProfileRefusesTheRepositorysSecretsOffThisMachine() throws IOException {
        Map<String, String> deployed = packaged();
        deployed.put("quarkus.oidc.auth-server-url", "http://keycloak:8080/realms/duban"); // as docker-compose sets it
        DemoSecretsCheck.DemoSecretsRefused refused = assertThrows(DemoSecretsCheck.DemoSecretsRefused.class,
                () -> DemoSecretsCheck.verify(List.of("prod"), of(deployed)));
        assertTrue(refused.getMessage().contains("quarkus.oidc.credentials.secret")
                && refused.getMessage().contains("quarkus.oidc.authentication.state-secret"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("duban-web-demo"), "no value in the message: " + refused.getMessage());

        deployed.put("quarkus.oidc.credentials.secret", "a-real-secret-from-the-environment");
        refused = assertThrows(DemoSecretsCheck.DemoSecretsRefused.class, () -> DemoSecretsCheck.verify(List.of("prod"), of(deployed)));
        assertEquals(List.of("quarkus.oidc.authentication.state-secret"), DemoSecretsCheck.offending(of(deployed)));

        deployed.put("quarkus.oidc.authentication.state-secret", "");
        assertThrows(DemoSecretsCheck.DemoSecretsRefused.class, () -> DemoSecretsCheck.verify(List.of("prod"), of(deployed)));

        deployed.put("quarkus.oidc.authentication.state-secret", "0123456789abcdef0123456789abcdef-own");
        assertDoesNotThrow(() -> DemoSecretsCheck.verify(List.of("prod"), of(deployed)));
    }

    @Test
    void aLocalStackAndTheOtherProfilesKeepTheDefaults() throws IOException {
        Map<String, String> local = packaged();
        assertEquals(2, DemoSecretsCheck.offending(of(local)).size(), "the packaged defaults are the demo values");
        assertDoesNotThrow(() -> DemoSecretsCheck.verify(List.of("prod"), of(local)), "Keycloak on 127.0.0.1: warned only");
        local.put("quarkus.oidc.auth-server-url", "http://localhost:8180/realms/duban");
        assertDoesNotThrow(() -> DemoSecretsCheck.verify(List.of("prod"), of(local)));
        local.put("quarkus.oidc.auth-server-url", "https://sso.example.gov.cn/realms/duban");
        assertDoesNotThrow(() -> DemoSecretsCheck.verify(List.of("dev"), of(local)));
        assertDoesNotThrow(() -> DemoSecretsCheck.verify(List.of("test"), of(local)));
    }
}
