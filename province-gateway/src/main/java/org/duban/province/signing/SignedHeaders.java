package org.duban.province.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The five signing headers of a request the county sends (docs/province-api.md §2), with a fresh nonce each time. */
public final class SignedHeaders {

    public static final String APP_KEY = "X-App-Key";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String NONCE = "X-Nonce";
    public static final String SIGN_METHOD = "X-Sign-Method";
    public static final String SIGNATURE = "X-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private SignedHeaders() {
    }

    public static Map<String, String> of(Credentials.Own own, Clock clock, String method, String target, byte[] body) {
        String timestamp = Long.toString(clock.millis());
        String nonce = nonce();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(APP_KEY, own.appKey());
        headers.put(TIMESTAMP, timestamp);
        headers.put(NONCE, nonce);
        headers.put(SIGN_METHOD, own.credential().method().header());
        headers.put(SIGNATURE, own.credential().sign(StringToSign.bytes(method, target, timestamp, nonce, body)));
        return headers;
    }

    /** 32 random characters of the nonce alphabet. */
    static String nonce() {
        char[] out = new char[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
