package org.duban.platform.config;

import java.util.HashMap;
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
 * Every service, at start: with the prod profile, a secret this repository publishes (database password
 * {@code postgres}, the demo realm's client secret, the province stand-in's keys, a test webhook HMAC …, see
 * {@link DefaultSecrets}) or a token check switched off ({@code quarkus.oidc.token.issuer=any}) stops the service with
 * a message naming each offending property, never its value. Dev and test keep their defaults. A developer's stack
 * whose database, Kafka and token issuer all listen on loopback (deploy/run-local.sh, SystemIT: the jars run with the
 * prod profile there) is only warned.
 */
@ApplicationScoped
public class DefaultSecretsCheck {

    private static final Logger LOG = Logger.getLogger(DefaultSecretsCheck.class);

    /** Refused at start: the service does not run. */
    public static class DefaultSecretsRefused extends IllegalStateException {
        DefaultSecretsRefused(String message) {
            super(message);
        }
    }

    /** Before anything else starts (the schema migration observes at priority 1). */
    void onStart(@Observes @Priority(0) StartupEvent ignored) {
        Config config = ConfigProvider.getConfig();
        verify(config.unwrap(SmallRyeConfig.class).getProfiles(), config);
    }

    /** Throws {@link DefaultSecretsRefused} for the prod profile and an offending configuration; warns otherwise. */
    public void verify(List<String> profiles, Config config) {
        List<String> offending = offending(config);
        if (offending.isEmpty()) {
            return;
        }
        String names = String.join(", ", offending);
        if (!profiles.contains("prod")) {
            LOG.debugf("default secrets in profiles %s (allowed outside prod): %s", profiles, names);
            return;
        }
        if (DefaultSecrets.onlyLoopback(value(config, "quarkus.datasource.jdbc.url"), value(config, "kafka.bootstrap.servers"),
                value(config, "quarkus.oidc.auth-server-url"))) {
            LOG.warnf("Default secrets in use (%s): allowed only because the database, Kafka and the token issuer are all on "
                    + "loopback; a deployment refuses to start with them", names);
            return;
        }
        boolean one = offending.size() == 1;
        throw new DefaultSecretsRefused("Refusing to start with the prod profile: " + offending.size()
                + (one ? " property carries" : " properties carry") + " a secret published in the Duban repository or "
                + (one ? "switches" : "switch") + " a check off: " + names + ". Set your own values (environment "
                + "variables, e.g. QUARKUS_DATASOURCE_PASSWORD; see docs/security.md, Deployment and Secrets).");
    }

    /** The offending property names of {@code config}, with why (see {@link DefaultSecrets#offending}). */
    public List<String> offending(Config config) {
        Map<String, String> candidates = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%")) {
                continue; // another profile's value; the active one is read under the plain name
            }
            if (DefaultSecrets.isSecretName(name) || DefaultSecrets.TOKEN_CHECKS.contains(name)) {
                String v = value(config, name);
                if (v != null) {
                    candidates.put(name, v);
                }
            }
        }
        return DefaultSecrets.offending(candidates);
    }

    private static String value(Config config, String name) {
        try {
            Optional<String> v = config.getOptionalValue(name, String.class);
            return v.orElse(null);
        } catch (RuntimeException e) {
            return null; // an expression that does not expand here is no published value
        }
    }
}
