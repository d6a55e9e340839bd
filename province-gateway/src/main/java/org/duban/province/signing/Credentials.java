package org.duban.province.signing;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import org.duban.province.config.GatewayConfig;

/**
 * The keys from configuration, parsed once at start-up (a request never parses a key): the registered senders'
 * verifying keys by app key, and the county's own signing key. A key that does not parse stops the start with the
 * app key named, instead of refusing every message later.
 */
@Startup
@ApplicationScoped
public class Credentials {

    private static final Logger LOG = Logger.getLogger(Credentials.class);

    /** A sender registered at the county. */
    public record RegisteredApp(String appKey, SignMethod method, Credential credential, Optional<String> org) {
    }

    /** The county's own app key and signing key. */
    public record Own(String appKey, Credential credential) {
    }

    @Inject
    GatewayConfig config;

    private Map<String, RegisteredApp> apps;
    private Own own;

    @PostConstruct
    void parse() {
        Map<String, RegisteredApp> parsed = new LinkedHashMap<>();
        config.apps().forEach((name, app) -> {
            String where = "apps." + name;
            String appKey = app.appKey().filter(k -> !k.isBlank()).orElse(name);
            SignMethod m = method(app.method(), where);
            if (parsed.put(appKey, new RegisteredApp(appKey, m, credential(m, app.secret(), app.publicKey(), false, where), app.org())) != null) {
                throw new IllegalStateException("duban.province." + where + ": app key " + appKey + " is registered twice");
            }
        });
        apps = Collections.unmodifiableMap(parsed);
        GatewayConfig.County county = config.county();
        if (county.appKey().isPresent()) {
            SignMethod m = method(county.method(), "county");
            own = new Own(county.appKey().get(), credential(m, county.secret(), county.privateKey(), true, "county"));
        } else {
            LOG.warn("duban.province.county.app-key is not set: outbound messages wait and the changes endpoint cannot be signed for");
        }
        if (apps.isEmpty()) {
            LOG.warn("no provincial app registered (duban.province.apps.*): every inbound message is refused with code 1");
        }
    }

    private static SignMethod method(String name, String where) {
        return SignMethod.ofHeader(name).orElseThrow(() -> new IllegalStateException(
                "duban.province." + where + ".method: " + name + " is neither HMAC-SM3 nor SM3withSM2"));
    }

    private static Credential credential(SignMethod method, Optional<String> secret, Optional<String> key, boolean signing, String where) {
        try {
            return switch (method) {
                case HMAC_SM3 -> new HmacSm3Key(secret.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                        "duban.province." + where + ".secret is required for HMAC-SM3")));
                case SM3_WITH_SM2 -> {
                    String k = key.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                            "duban.province." + where + (signing ? ".private-key" : ".public-key") + " is required for SM3withSM2"));
                    yield signing ? Sm2Key.ofPrivate(k) : Sm2Key.ofPublic(k);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("duban.province." + where + ": " + e.getMessage(), e);
        }
    }

    public Optional<RegisteredApp> app(String appKey) {
        return appKey == null ? Optional.empty() : Optional.ofNullable(apps.get(appKey));
    }

    public Collection<RegisteredApp> apps() {
        return apps.values();
    }

    public Optional<Own> own() {
        return Optional.ofNullable(own);
    }
}
