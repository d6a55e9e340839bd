package org.duban.province.signing;

import java.nio.charset.StandardCharsets;

/**
 * The string both sides sign (docs/province-api.md §2): five lines joined by LF, no trailing newline —
 * {@code METHOD}, the request target as sent (path and raw query), {@code X-Timestamp}, {@code X-Nonce}, and the
 * lowercase hex SM3 of the raw body (of zero bytes for a GET).
 */
public final class StringToSign {

    private StringToSign() {
    }

    public static String of(String method, String target, String timestamp, String nonce, byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n"
                + Sm3.hex(body == null ? new byte[0] : body);
    }

    public static byte[] bytes(String method, String target, String timestamp, String nonce, byte[] body) {
        return of(method, target, timestamp, nonce, body).getBytes(StandardCharsets.UTF_8);
    }
}
