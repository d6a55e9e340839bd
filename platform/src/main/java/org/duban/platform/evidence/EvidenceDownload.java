package org.duban.platform.evidence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The answer to an evidence download, the same in every service: the bytes streamed from {@link EvidenceStore} a chunk at
 * a time, as an attachment under the name the unit gave (RFC 6266 with RFC 8187 for a Chinese name), its ETag (the
 * SHA-256), its {@code Repr-Digest} (RFC 9530), and the headers that keep a browser from rendering or sniffing it.
 */
public final class EvidenceDownload {

    private EvidenceDownload() {
    }

    /** The stored file {@code f} as a response. */
    public static Response of(EvidenceStore store, StoredFile f) {
        return of(store, f.id, f.chunks, f.name, f.contentType, f.size, f.sha256);
    }

    /** The stored file {@code fileId} ({@code chunks} chunks of {@code size} bytes, its SHA-256 in hex) as a response. */
    public static Response of(EvidenceStore store, UUID fileId, int chunks, String name, String contentType, long size,
            String sha256) {
        StreamingOutput body = out -> store.copy(fileId, chunks, out);
        return Response.ok(body, contentType)
                .header(HttpHeaders.CONTENT_LENGTH, size)
                .header("Content-Disposition", contentDisposition(name))
                .header(HttpHeaders.ETAG, "\"" + sha256 + "\"")
                // RFC 9530: the digest of the bytes sent, so a client can check what it received
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .build();
    }

    /**
     * {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266 with RFC 8187 for a Chinese name): the quoted name is
     * an ASCII stand-in, the starred one the real name percent-encoded. URLEncoder is the form encoder: its {@code +} for a
     * space and its bare {@code *} are not attr-chars, hence the two replacements.
     */
    public static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
