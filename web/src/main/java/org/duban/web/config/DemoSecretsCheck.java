package org.duban.web.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * web's own start check, the counterpart of platform's {@code DefaultSecretsCheck} (web does not depend on platform: that
 * would bring the datasource, Flyway, Kafka and the outbox into a module that owns no data). With the prod profile, the
 * demo realm's client secret or state secret from this repository stops web with a message naming the property, never its
 * value. A developer's stack whose token issuer listens on loopback (deploy/run-local.sh, WebIT: the jar runs with the prod
 * profile there) is only warned, as platform's check does.
 */
@ApplicationScoped
public class DemoSecretsCheck {

    private static final Logger LOG = Logger.getLogger(DemoSecretsCheck.class);

    /** The values this repository publishes (application.properties, deploy/keycloak/duban-realm.json). */
    static final Map<String, String> DEMO_VALUES = Map.of(
            "quarkus.oidc.credentials.secret", "duban-web-demo-secret",
            "quarkus.oidc.authentication.state-secret", "duban-web-demo-state-secret-change-me-0123456789");

    /** Refused at start: web does not run. */
    public static class DemoSecretsRefused extends IllegalStateException {
        DemoSecretsRefused(String message) {
            super(message);
        }
    }

    void onStart(@Observes @Priority(0) StartupEvent ignored) {
        Config config = ConfigProvider.getConfig();
        verify(config.unwrap(SmallRyeConfig.class).getProfiles(), name -> config.getOptionalValue(name, String.class));
    }

    /** Reads one property (absent: empty). */
    public interface Values {
        Optional<String> get(String name);
    }

    /** Throws {@link DemoSecretsRefused} for the prod profile with a demo value and a token issuer off this machine. */
    public static void verify(List<String> profiles, Values config) {
        List<String> offending = offending(config);
        if (offending.isEmpty()) {
            return;
        }
        String names = String.join(", ", offending);
        if (!profiles.contains("prod")) {
            return;
        }
        if (isLoopback(config.get("quarkus.oidc.auth-server-url").orElse(null))) {
            LOG.warnf("Demo secrets in use (%s): allowed only because the token issuer is on loopback; a deployment refuses to"
                    + " start with them", names);
            return;
        }
        throw new DemoSecretsRefused("Refusing to start with the prod profile: " + names + " carr"
                + (offending.size() == 1 ? "ies" : "y") + " the demo value published in the Duban repository. Set your own "
                + "(QUARKUS_OIDC_CREDENTIALS_SECRET: the duban-web client's secret in your Keycloak; "
                + "QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET: at least 32 random characters).");
    }

    /** The properties holding a demo value (or none at all: quarkus-oidc would then make up a state secret per process). */
    static List<String> offending(Values config) {
        List<String> offending = new ArrayList<>();
        DEMO_VALUES.forEach((name, demo) -> {
            String value = config.get(name).orElse("");
            if (value.isBlank() || value.strip().equals(demo)) {
                offending.add(name);
            }
        });
        offending.sort(null);
        return offending;
    }

    static boolean isLoopback(String url) {
        if (url == null) {
            return false;
        }
        try {
            String host = URI.create(url.strip()).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
