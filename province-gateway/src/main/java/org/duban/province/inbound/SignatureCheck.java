package org.duban.province.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.province.config.GatewayConfig;
import org.duban.province.signing.Credentials;
import org.duban.province.signing.Credentials.RegisteredApp;
import org.duban.province.signing.SignMethod;
import org.duban.province.signing.SignedHeaders;
import org.duban.province.signing.StringToSign;
import org.duban.province.message.Refusal;

/**
 * The checks every signed request to the gateway passes (docs/province-api.md §2), each refusing with code 1: the app
 * key is registered, the timestamp within ±5 minutes of the injected clock, the signature verifies with the app's
 * registered key and method; then the nonce is recorded — in the caller's transaction, so a request refused later for
 * another reason leaves no nonce behind — and a nonce the app key used within 10 minutes is refused.
 */
@ApplicationScoped
public class SignatureCheck {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** What a request's headers say, as received. */
    public record Headers(String appKey, String timestamp, String nonce, String signMethod, String signature) {
    }

    @Inject
    Credentials credentials;

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    /** App key, timestamp and signature; no database. Returns the sender. */
    public RegisteredApp verify(Headers h, String method, String target, byte[] body) {
        if (h.appKey() == null || h.appKey().isBlank()) {
            throw Refusal.signing(SignedHeaders.APP_KEY + ": missing");
        }
        RegisteredApp app = credentials.app(h.appKey()).orElseThrow(() -> Refusal.signing(SignedHeaders.APP_KEY + ": unknown app key"));
        long millis;
        try {
            millis = Long.parseLong(h.timestamp() == null ? "" : h.timestamp().trim());
        } catch (NumberFormatException e) {
            throw Refusal.signing(SignedHeaders.TIMESTAMP + ": missing or not milliseconds since the epoch");
        }
        Duration off = Duration.between(Instant.ofEpochMilli(millis), clock.instant()).abs();
        if (off.compareTo(config.inbound().timestampTolerance()) > 0) {
            throw Refusal.signing(SignedHeaders.TIMESTAMP + ": " + off.toSeconds() + " s away from the county's clock (at most "
                    + config.inbound().timestampTolerance().toSeconds() + " s)");
        }
        if (h.nonce() == null || !NONCE.matcher(h.nonce()).matches()) {
            throw Refusal.signing(SignedHeaders.NONCE + ": missing or not 16-64 characters of [A-Za-z0-9_-]");
        }
        SignMethod m = SignMethod.ofHeader(h.signMethod()).orElseThrow(() -> Refusal.signing(SignedHeaders.SIGN_METHOD
                + ": neither HMAC-SM3 nor SM3withSM2"));
        if (m != app.method()) {
            throw Refusal.signing(SignedHeaders.SIGN_METHOD + ": this app key is registered for " + app.method().header());
        }
        if (!app.credential().verify(StringToSign.bytes(method, target, h.timestamp().trim(), h.nonce(), body), h.signature())) {
            throw Refusal.signing(SignedHeaders.SIGNATURE + ": does not verify");
        }
        return app;
    }

    /** Records the nonce in the current transaction; refuses one the app key used within the window. */
    public void recordNonce(String appKey, String nonce) {
        Instant now = clock.instant();
        int taken = em.createNativeQuery("""
                insert into inbound_nonce (app_key, nonce, expires_at) values (?1, ?2, ?3)
                on conflict (app_key, nonce) do update set expires_at = excluded.expires_at
                where inbound_nonce.expires_at <= ?4""")
                .setParameter(1, appKey).setParameter(2, nonce).setParameter(3, now.plus(config.inbound().nonceWindow()))
                .setParameter(4, now).executeUpdate();
        if (taken == 0) {
            throw Refusal.signing(SignedHeaders.NONCE + ": already used within " + config.inbound().nonceWindow().toMinutes() + " minutes");
        }
    }
}
