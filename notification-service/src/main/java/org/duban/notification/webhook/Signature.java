package org.duban.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Duban-Signature} = hex HMAC-SHA256(secret, timestamp + "." + body), with
 * {@code X-Duban-Timestamp} = epoch seconds. A receiver recomputes it over the raw body and refuses a timestamp
 * outside its tolerance (replay).
 */
public final class Signature {

    public static final String SIGNATURE_HEADER = "X-Duban-Signature";
    public static final String TIMESTAMP_HEADER = "X-Duban-Timestamp";

    private Signature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
