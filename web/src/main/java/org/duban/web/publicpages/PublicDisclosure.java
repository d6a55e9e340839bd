package org.duban.web.publicpages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.web.api.ApiException;
import org.duban.web.config.WebConfig;

/**
 * supervision-service's public disclosure ({@code /api/public/disclosure…}) read with no token at all: the public pages
 * have no user, and the endpoint serves only what the office published. ({@code api/Api} always sends the session's token;
 * a visitor has none.)
 */
@ApplicationScoped
public class PublicDisclosure {

    /** One of the formats as supervision-service answers it. */
    public record Feed(String contentType, byte[] body, String disposition) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    WebConfig config;

    @Inject
    ObjectMapper json;

    /** The public catalogue entries, newest first, of one plan or all. */
    public List<Map<String, Object>> catalogue(UUID planId) {
        Feed feed = get("/api/public/disclosure" + query(planId));
        try {
            return json.readValue(feed.body(), new TypeReference<List<Map<String, Object>>>() {
            });
        } catch (IOException e) {
            throw new ApiException(502, "not JSON from supervision", List.of());
        }
    }

    /** {@code disclosure}, {@code disclosure.csv} or {@code disclosure.atom}, passed on as they are. */
    public Feed feed(String name, UUID planId) {
        return get("/api/public/" + name + query(planId));
    }

    private static String query(UUID planId) {
        return planId == null ? "" : "?planId=" + planId;
    }

    private Feed get(String path) {
        URI uri = URI.create(config.services().supervision().toString().replaceAll("/+$", "") + path);
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(config.apiTimeout()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(503, "supervision is unreachable", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", List.of());
        }
        if (r.statusCode() != 200) {
            throw new ApiException(r.statusCode(), null, List.of());
        }
        return new Feed(r.headers().firstValue("Content-Type").orElse("application/octet-stream"), r.body(),
                r.headers().firstValue("Content-Disposition").orElse(null));
    }
}
