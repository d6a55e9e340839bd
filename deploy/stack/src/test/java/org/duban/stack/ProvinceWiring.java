package org.duban.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Settings;

/**
 * What ProvinceLinkIT and ProvinceBench share: a packaged province-gateway wired to the province stand-in with its
 * demo credentials (as LocalStack wires it), and JSON calls with a bearer token.
 */
public final class ProvinceWiring {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private ProvinceWiring() {
    }

    /**
     * A province-gateway process (not yet started) on {@code database}, sending to {@code province} and accepting its
     * messages; {@code extra} adds environment (its {@code JAVA_TOOL_OPTIONS} are kept beside the province's app). Retries come a second apart and a dead instance's claim lapses after 20 s
     * (the gateway wants a lease 10 s longer than a send can take), so tests need not wait the production minutes.
     */
    public static ServiceProcess gateway(TestSystem system, String database, ProvinceSim province, Map<String, String> extra) {
        Settings demo = province.settings();
        Map<String, String> env = new HashMap<>();
        env.put("DUBAN_PROVINCE_OUTBOUND_URL", province.inboundUrl().toString());
        env.put("DUBAN_PROVINCE_COUNTY_APP_KEY", demo.countyAppKey());
        env.put("DUBAN_PROVINCE_COUNTY_SECRET", demo.countySecret());
        env.put("DUBAN_PROVINCE_COUNTY_ORG", demo.countyOrg());
        env.put("DUBAN_PROVINCE_DISPATCH_BACKOFF", "PT1S,PT2S");
        env.put("DUBAN_PROVINCE_DISPATCH_LEASE", "PT20S");
        env.put("DUBAN_PROVINCE_DISPATCH_CONNECT_TIMEOUT", "PT2S");
        env.put("DUBAN_PROVINCE_DISPATCH_REQUEST_TIMEOUT", "PT3S");
        // a map key with dashes has no environment spelling: the province's registered app as system properties
        String app = "-Dduban.province.apps." + demo.provinceAppKey();
        String appOptions = app + ".method=HMAC-SM3 " + app + ".secret=" + demo.provinceSecret() + " " + app + ".org="
                + demo.provinceOrg();
        env.putAll(extra);
        // JVM options of the caller's (SharedStack's Kafka session) join the province's app instead of replacing it
        env.merge("JAVA_TOOL_OPTIONS", appOptions, (callers, ours) -> callers + " " + ours);
        return system.service(TestSystem.definition("province-gateway"), database, system.kafka.bootstrapServers(), env);
    }

    public static HttpResponse<String> send(String method, URI uri, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call that must succeed (2xx); its JSON answer. */
    public static JsonNode call(String method, URI uri, String token, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, uri, token, json);
        assertTrue(response.statusCode() < 300, method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Imports a document (text) as the supervisor would; the answer's JSON. */
    public static JsonNode importPlan(URI taskService, String token, String document) throws IOException, InterruptedException {
        HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(taskService.resolve("/api/plans/import"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(document)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(imported.statusCode() == 201, "import answered " + imported.statusCode() + ": " + imported.body());
        return JSON.readTree(imported.body());
    }
}
