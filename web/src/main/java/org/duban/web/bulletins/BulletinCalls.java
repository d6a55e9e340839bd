package org.duban.web.bulletins;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.web.api.ApiException;
import org.duban.web.config.WebConfig;

/**
 * The two calls on supervision-service's bulletins that {@code api/Api} does not make — {@code PUT} of an edited
 * draft and the exports, whose answers are files rather than JSON — made the same way: the session's own access token
 * as {@code Authorization: Bearer}, a refusal as {@link ApiException} with the problem's detail and fields.
 * Hand-written on the JDK's HttpClient for the reason Api is (see there); kept here, in the bulletins' package, until
 * Api itself offers PUT and downloads.
 */
@ApplicationScoped
public class BulletinCalls {

    /** A file the service answered: its bytes, content type and suggested file name (or null). */
    public record File(byte[] body, String contentType, String disposition) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    /** {@code PUT /api/bulletins/{id}} with the edited title, 文号 and text. */
    public void edit(String id, Object body) {
        try {
            send(request("/api/bulletins/" + id).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + body, e);
        }
    }

    /** {@code GET /api/bulletins/{id}/export.xlsx} or {@code export.html}. */
    public File export(String id, String format) {
        HttpResponse<byte[]> response = send(request("/api/bulletins/" + id + "/export." + format).header("Accept", "*/*").GET());
        return new File(response.body(), response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                response.headers().firstValue("Content-Disposition").orElse(null));
    }

    private HttpRequest.Builder request(String path) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new ApiException(401, "no access token in the session", List.of());
        }
        URI uri = URI.create(config.services().supervision().toString().replaceAll("/+$", "") + path);
        return HttpRequest.newBuilder(uri).timeout(config.apiTimeout()).header("Authorization", "Bearer " + token.getToken());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(503, "supervision: " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", List.of());
        }
        if (response.statusCode() >= 400) {
            String detail = null;
            List<String> fields = new ArrayList<>();
            try {
                JsonNode p = json.readTree(response.body());
                detail = p.path("detail").asText(p.path("title").asText(null));
                for (JsonNode error : p.path("errors")) {
                    String field = error.path("field").asText("");
                    String message = error.path("message").asText(error.path("detail").asText(""));
                    fields.add(message.isEmpty() ? field : field + " " + message);
                }
                if (fields.isEmpty() && p.hasNonNull("state")) {
                    fields.add("state " + p.path("state").asText());
                }
            } catch (IOException | RuntimeException notJson) {
                detail = null;
            }
            throw new ApiException(response.statusCode(), detail, fields);
        }
        return response;
    }
}
