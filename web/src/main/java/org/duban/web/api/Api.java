package org.duban.web.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.web.config.WebConfig;

/**
 * Calls a service's REST API as the logged-in user: the session's own access token goes along as
 * {@code Authorization: Bearer}, so every rule the API enforces (roles, a unit officer's own unit) holds for the page.
 *
 * <p>Hand-written on the JDK's HttpClient on purpose: the REST client's token-propagation extension did not resolve
 * from the registry here, and the pages need only GET and POST of JSON (and one upload) whose answers are shown as
 * they are (plain maps and lists, no second copy of the services' records). HTTP/1.1 because the services refuse h2c.
 */
@ApplicationScoped
public class Api {

    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    /** GET of a JSON answer: a Map for an object, a List for an array. */
    public Object get(Service service, String path) {
        return send(service, HttpRequest.newBuilder(uri(service, path)).GET());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(Service service, String path) {
        return (Map<String, Object>) get(service, path);
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(Service service, String path) {
        return (List<Map<String, Object>>) get(service, path);
    }

    /** POST of a JSON body (or none when {@code body} is null). */
    public Object post(Service service, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
            return send(service, HttpRequest.newBuilder(uri(service, path)).header("Content-Type", "application/json")
                    .POST(publisher));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + body, e);
        }
    }

    /** POST of raw bytes (a document upload) with its content type. */
    public Object postBytes(Service service, String path, byte[] body, String contentType) {
        return send(service, HttpRequest.newBuilder(uri(service, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private URI uri(Service service, String path) {
        return URI.create(service.base(config).toString().replaceAll("/+$", "") + path);
    }

    private Object send(Service service, HttpRequest.Builder request) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new ApiException(401, "no access token in the session", List.of());
        }
        request.timeout(config.apiTimeout()).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token.getToken());
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ApiException(503, service.name().toLowerCase() + " did not answer in time", List.of());
        } catch (ConnectException e) {
            throw new ApiException(503, service.name().toLowerCase() + " is unreachable", List.of());
        } catch (IOException e) {
            throw new ApiException(503, service.name().toLowerCase() + ": " + e.getMessage(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", List.of());
        }
        byte[] body = response.body();
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), body);
        }
        if (body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, ANY);
        } catch (IOException e) {
            throw new ApiException(502, "not JSON from " + service.name().toLowerCase(), List.of());
        }
    }

    /** The service's RFC 9457 problem: its detail (or title) and every field it names. */
    private ApiException problem(int status, byte[] body) {
        String detail = null;
        List<String> fields = new ArrayList<>();
        try {
            JsonNode p = json.readTree(body);
            detail = p.path("detail").asText(p.path("title").asText(null));
            for (JsonNode error : p.path("errors")) {
                String field = error.path("field").asText("");
                String message = error.path("message").asText(error.path("detail").asText(""));
                fields.add(message.isEmpty() ? field : field + " " + message);
            }
        } catch (IOException | RuntimeException notJson) {
            detail = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            if (detail.length() > 200) {
                detail = detail.substring(0, 200);
            }
        }
        return new ApiException(status, detail, fields);
    }
}
