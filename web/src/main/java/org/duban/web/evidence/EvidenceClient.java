package org.duban.web.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.web.config.WebConfig;

/**
 * Evidence files (佐证材料) as the logged-in user, with the session's access token, in the service of their {@link Owner}
 * (task-service for progress reports, supervision-service for rectification reports): an upload streamed from the file
 * the browser sent (multipart, one part {@code file}), the discard of an upload no report took, and a download streamed
 * through. {@code api/Api} reads whole JSON answers into memory; files need streams both ways, hence this
 * second small client on the JDK's HttpClient (HTTP/1.1, as the services want).
 */
@ApplicationScoped
public class EvidenceClient {

    /** An answer of the service: its status, and for an error its RFC 9457 problem (null when not JSON). */
    public record Refusal(int status, JsonNode problem) {
        /** A field of the problem as text, or null. */
        public String text(String field) {
            return problem == null || problem.path(field).isMissingNode() || problem.path(field).isNull() ? null
                    : problem.path(field).asText();
        }
    }

    public static class Refused extends RuntimeException {
        public final Refusal refusal;

        Refused(Refusal refusal) {
            super("the evidence service answered " + refusal.status());
            this.refusal = refusal;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    /**
     * Uploads one file to {@code POST /api/{assignments|rectifications}/{id}/evidence}; answers the service's description
     * of it (id, name, size, sha256, sm3 …) or throws {@link Refused} with its problem. The multipart framing is written
     * here (the JDK's client has no multipart publisher): one boundary, one part, the bytes streamed from the file on disk.
     */
    public Map<String, Object> upload(Owner owner, UUID ownerId, Path file, String fileName, String contentType) {
        String boundary = "duban-" + UUID.randomUUID();
        // as browsers write it (WHATWG multipart/form-data): UTF-8 name, quote and line breaks percent-encoded
        String name = fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + (contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType)
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail));
        } catch (IOException e) {
            throw new IllegalStateException("the uploaded file " + file + " is gone", e);
        }
        HttpResponse<byte[]> r = send(request(owner, owner.evidenceOf(ownerId))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            throw new Refused(new Refusal(r.statusCode(), problem(r.body())));
        }
        try {
            return json.readValue(r.body(), new TypeReference<Map<String, Object>>() {
            });
        } catch (IOException e) {
            throw new Refused(new Refusal(502, null));
        }
    }

    /** Discards an upload no report names ({@code DELETE /api/evidence/{id}}); a failure is left to the unit to see. */
    public void discard(Owner owner, Object evidenceId) {
        try {
            send(request(owner, "/api/evidence/" + evidenceId).DELETE(), HttpResponse.BodyHandlers.discarding());
        } catch (Refused ignored) {
            // the upload stays listed as waiting on its owner; the service refuses a second report to take it silently
        }
    }

    /**
     * {@code GET /api/evidence/{id}} as the user: the response with its body still to be read (the caller closes it), so
     * the bytes go on to the browser as they come, never gathered in memory.
     */
    public HttpResponse<InputStream> download(Owner owner, UUID evidenceId) {
        return send(request(owner, "/api/evidence/" + evidenceId).GET(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(Owner owner, String path) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new Refused(new Refusal(401, null));
        }
        URI uri = URI.create(owner.service(config).toString().replaceAll("/+$", "") + path);
        return HttpRequest.newBuilder(uri).timeout(config.apiTimeout()).header("Authorization", "Bearer " + token.getToken());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new Refused(new Refusal(503, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(new Refusal(503, null));
        }
    }

    private JsonNode problem(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
