package org.duban.province.outbound;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.province.config.GatewayConfig;
import org.duban.province.signing.Credentials;
import org.duban.province.signing.SignedHeaders;

/**
 * Signed HTTP calls to the province with the JDK's {@link HttpClient} (no other client needed for two calls): a POST of
 * a message to the outbound URL, and a GET of the province's changes for the puller. Each call gets fresh signing
 * headers (timestamp, nonce) over the same body.
 */
@ApplicationScoped
public class ProvinceClient {

    /** What came back: the HTTP status and the answer's code and msg when the body was one (else null). */
    public record Reply(int status, Integer code, String msg, JsonNode body) {
    }

    @Inject
    GatewayConfig config;

    @Inject
    Credentials credentials;

    @Inject
    Clock clock;

    private final ObjectMapper json = new ObjectMapper();
    private HttpClient http;

    @PostConstruct
    void start() {
        http = HttpClient.newBuilder().connectTimeout(config.dispatch().connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Reply post(URI url, byte[] body) throws IOException, InterruptedException {
        Credentials.Own own = credentials.own().orElseThrow(() -> new IllegalStateException("duban.province.county.app-key is not set"));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.dispatch().requestTimeout())
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sign(request, own, "POST", url, body);
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    public Reply get(URI url) throws IOException, InterruptedException {
        Credentials.Own own = credentials.own().orElseThrow(() -> new IllegalStateException("duban.province.county.app-key is not set"));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.dispatch().requestTimeout()).GET();
        sign(request, own, "GET", url, new byte[0]);
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private void sign(HttpRequest.Builder request, Credentials.Own own, String method, URI url, byte[] body) {
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        for (Map.Entry<String, String> h : SignedHeaders.of(own, clock, method, target, body).entrySet()) {
            request.header(h.getKey(), h.getValue());
        }
    }

    private Reply reply(HttpResponse<byte[]> response) {
        JsonNode body = null;
        try {
            body = json.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            // not JSON (a proxy's error page): the status alone decides
        }
        Integer code = body != null && body.path("code").isIntegralNumber() ? body.get("code").intValue() : null;
        String msg = body != null && body.path("msg").isTextual() ? body.get("msg").textValue()
                : new String(response.body(), 0, Math.min(response.body().length, 300), StandardCharsets.UTF_8);
        return new Reply(response.statusCode(), code, msg, body);
    }
}
