package org.duban.provincesim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;

/**
 * Checks a request's signature headers exactly as docs/province-api.md §2 says: a known app key, a supported and
 * registered sign method, a timestamp at most 5 minutes from this side's clock, a well-formed nonce not seen from the
 * same app key in the last 10 minutes, and a signature that verifies. A refusal names what failed.
 */
final class Verifier {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration NONCE_MEMORY = Duration.ofMinutes(10);
    static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** {@code refusal} is null when the request passed; {@code signatureVerified} tells whether the signature did. */
    record Result(String appKey, SignMethod method, boolean signatureVerified, String refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private volatile Instant lastPurge = Instant.EPOCH;

    Verifier(Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
    }

    /**
     * Verifies the request; when {@code remember} is true and everything else passed, the nonce is remembered (and a
     * nonce already remembered refuses the request).
     */
    Result verify(String method, String target, Headers headers, byte[] body, boolean remember) {
        String appKey = headers.getFirst("X-App-Key");
        SignMethod signMethod = SignMethod.ofHeader(headers.getFirst("X-Sign-Method"));
        if (appKey == null || appKey.isBlank()) {
            return new Result(appKey, signMethod, false, "X-App-Key: missing");
        }
        if (!appKey.equals(settings.peerAppKey())) {
            return new Result(appKey, signMethod, false, "X-App-Key: unknown app key");
        }
        if (signMethod == null) {
            return new Result(appKey, null, false, "X-Sign-Method: must be HMAC-SM3 or SM3withSM2");
        }
        String secret = settings.peerSecret();
        String publicKey = settings.peerSm2PublicKey();
        if (signMethod == SignMethod.HMAC_SM3 && secret == null || signMethod == SignMethod.SM3_WITH_SM2 && publicKey == null) {
            return new Result(appKey, signMethod, false, "X-Sign-Method: " + signMethod.header() + " is not registered for this app key");
        }
        String timestamp = headers.getFirst("X-Timestamp");
        long millis;
        try {
            millis = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            return new Result(appKey, signMethod, false, "X-Timestamp: must be milliseconds since the epoch");
        }
        Instant now = clock.instant();
        if (Math.abs(now.toEpochMilli() - millis) > WINDOW.toMillis()) {
            return new Result(appKey, signMethod, false, "X-Timestamp: more than 5 minutes from the receiver's clock");
        }
        String nonce = headers.getFirst("X-Nonce");
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            return new Result(appKey, signMethod, false, "X-Nonce: must be 16 to 64 characters of [A-Za-z0-9_-]");
        }
        String signature = headers.getFirst("X-Signature");
        if (signature == null || signature.isBlank()) {
            return new Result(appKey, signMethod, false, "X-Signature: missing");
        }
        String toSign = Signing.stringToSign(method, target, timestamp.strip(), nonce, body);
        boolean verified = signMethod == SignMethod.HMAC_SM3
                ? Signing.constantTimeEquals(GuoMi.hmacSm3Hex(secret, toSign), signature.strip())
                : GuoMi.sm2Verify(publicKey, toSign, signature);
        if (!verified) {
            return new Result(appKey, signMethod, false, "X-Signature: does not verify");
        }
        purge(now);
        String key = appKey + '\n' + nonce;
        Instant horizon = now.minus(NONCE_MEMORY);
        boolean[] reused = {false};
        if (remember) {
            nonces.compute(key, (k, previous) -> {
                if (previous != null && !previous.isBefore(horizon)) {
                    reused[0] = true;
                    return previous;
                }
                return now;
            });
        } else {
            Instant previous = nonces.get(key);
            reused[0] = previous != null && !previous.isBefore(horizon);
        }
        if (reused[0]) {
            return new Result(appKey, signMethod, true, "X-Nonce: already used in the last 10 minutes");
        }
        return new Result(appKey, signMethod, true, null);
    }

    /** Forgets nonces older than the 10-minute memory, at most once per clock second. */
    private void purge(Instant now) {
        if (Duration.between(lastPurge, now).abs().getSeconds() < 1) {
            return;
        }
        lastPurge = now;
        Instant horizon = now.minus(NONCE_MEMORY);
        for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext();) {
            if (it.next().isBefore(horizon)) {
                it.remove();
            }
        }
    }
}
