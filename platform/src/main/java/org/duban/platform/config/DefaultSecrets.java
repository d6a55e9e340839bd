package org.duban.platform.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rule of {@link DefaultSecretsCheck}: which configured values are secrets this repository ships (for dev, test
 * and the demo realm), so that anyone who has read the repository knows them, and which checks are switched off.
 * A deployment (the prod profile) must set its own. Pure: a map of property names to values in, the offending names out.
 */
public final class DefaultSecrets {

    /**
     * Values published in this repository. Where each comes from: {@code postgres} — platform's datasource default and
     * docker-compose's PostgreSQL; {@code admin} — Keycloak's bootstrap admin in docker-compose; {@code
     * provincial-platform-secret} — the demo realm's service-account client (deploy/keycloak, DemoUser); {@code
     * demo-*-NOT-FOR-PRODUCTION} — the province stand-in's HMAC secrets (deploy/province-sim Settings, province-gateway's
     * %dev/%test); {@code test-webhook-secret} — notification-service's %test webhook HMAC; the SM2 public key — the
     * province-gateway tests' key pair, whose private half is in the repository.
     */
    static final Set<String> PUBLISHED = Set.of("postgres", "admin", "password", "secret", "changeit",
            "provincial-platform-secret", "demo-province-secret-NOT-FOR-PRODUCTION", "demo-county-secret-NOT-FOR-PRODUCTION",
            "test-webhook-secret",
            "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE+vhmWHpj426m/6mg62ApOY06hvsGOChev7CccRzI7AHEl6GyIMfewjnMuFP0Pc2xekrSU80/l1IDdVLycJqaLw==");

    /** Whatever a repository marks as a demo value is one, whether or not it is listed above. */
    static final String DEMO_MARK = "NOT-FOR-PRODUCTION";

    /** Property names that hold a secret or a key that decides whom a service trusts. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|secret|secrets\\..*|private-key|public-key|sasl\\.jaas\\.config)$");

    /** Switches that turn a token check off: {@code any} accepts every issuer or audience. */
    static final List<String> TOKEN_CHECKS = List.of("quarkus.oidc.token.issuer", "quarkus.oidc.token.audience");

    private DefaultSecrets() {
    }

    /** True if {@code name} names a secret (password, secret, key). */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The names among {@code config} that carry a published secret or switch a token check off, sorted, each with why;
     * values are never repeated in the answer.
     */
    public static List<String> offending(Map<String, String> config) {
        List<String> offending = new ArrayList<>();
        new TreeMap<>(config).forEach((name, value) -> {
            if (value == null) {
                return;
            }
            String v = value.strip();
            if (TOKEN_CHECKS.contains(name) && v.equalsIgnoreCase("any")) {
                offending.add(name + " (=any switches the check off)");
            } else if (isSecretName(name) && isPublished(v)) {
                offending.add(name + " (a value published in the repository)");
            }
        });
        return offending;
    }

    static boolean isPublished(String value) {
        if (value.isEmpty()) {
            return false;
        }
        if (value.contains(DEMO_MARK) || PUBLISHED.contains(value)) {
            return true;
        }
        // the JAAS line of a SCRAM login carries the password inside: password="…";
        for (String published : PUBLISHED) {
            if (value.contains("password=\"" + published + "\"")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if every dependency named is on this machine's loopback: the database ({@code jdbcUrl}), Kafka ({@code
     * bootstrapServers}) and the token issuer ({@code oidcUrl}). That is a developer's stack (deploy/run-local.sh,
     * the stack's SystemIT), not a deployment: nothing there is reachable from another machine. Names are not looked
     * up: only {@code localhost} and loopback address literals count.
     */
    public static boolean onlyLoopback(String jdbcUrl, String bootstrapServers, String oidcUrl) {
        if (jdbcUrl == null || bootstrapServers == null || oidcUrl == null) {
            return false;
        }
        List<String> hosts = new ArrayList<>();
        hosts.add(host(jdbcUrl.replaceFirst("^jdbc:", "")));
        for (String server : bootstrapServers.split(",")) {
            String s = server.strip().replaceFirst("^[A-Za-z_]+://", "");
            hosts.add(host("kafka://" + s));
        }
        hosts.add(host(oidcUrl));
        return hosts.stream().allMatch(DefaultSecrets::isLoopback);
    }

    private static String host(String url) {
        try {
            return URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // a name: not resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
