package org.duban.provincesim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/** The string to sign of docs/province-api.md §2 and the signature over it by either method. */
public final class Signing {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Signing() {
    }

    /**
     * {@code METHOD\nPATH\nX-Timestamp\nX-Nonce\nhex(SM3(body))}, no trailing newline; {@code target} is the path
     * and, if any, {@code ?} and the raw query, as sent.
     */
    public static String stringToSign(String method, String target, String timestamp, String nonce, byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + '\n' + target + '\n' + timestamp + '\n' + nonce + '\n'
                + GuoMi.sm3Hex(body == null ? new byte[0] : body);
    }

    /** The X-Signature value for the string to sign: hex HMAC-SM3 with the secret, or base64 DER SM2 with the key. */
    public static String sign(SignMethod method, String secret, String sm2PrivateKey, String stringToSign) {
        return switch (method) {
            case HMAC_SM3 -> {
                if (secret == null) {
                    throw new IllegalStateException("no HMAC-SM3 secret configured to sign with");
                }
                yield GuoMi.hmacSm3Hex(secret, stringToSign);
            }
            case SM3_WITH_SM2 -> {
                if (sm2PrivateKey == null) {
                    throw new IllegalStateException("no SM2 private key configured to sign with");
                }
                yield GuoMi.sm2Sign(sm2PrivateKey, stringToSign);
            }
        };
    }

    /** A fresh 32-character nonce. */
    public static String nonce() {
        char[] out = new char[32];
        for (int i = 0; i < out.length; i++) {
            out[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(out);
    }

    static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
