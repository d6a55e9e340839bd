package org.duban.stack.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real webhook receiver (the JDK's HTTP server on loopback) as a unit's SMS/IM gateway would run it: it checks
 * notification-service's HMAC signature and keeps every request it accepted, duplicates included, so the fault suite
 * can count what arrived more than once. It answers 200 to a signed request and 401 to anything else (counted).
 * Hand-written rather than WireMock: a stub would have to be asked for its journal and verify nothing.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One accepted request: notification-service's idempotency key, the event behind it, whose notice. */
    record Call(UUID deliveryId, UUID eventId, UUID unitId, String noticeType) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final String secret;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refused = new AtomicInteger();

    WebhookReceiver(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the webhook receiver", e);
        }
        server.setExecutor(threads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    /** The URL a unit registers: one path per unit, so a stray call shows as another unit's. */
    String url(UUID unitId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + unitId;
    }

    List<Call> callsFor(UUID unitId) {
        return calls.stream().filter(c -> unitId.equals(c.unitId())).toList();
    }

    int size() {
        return calls.size();
    }

    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Duban-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Duban-Signature");
            if (timestamp == null || signature == null || !MessageDigest.isEqual(
                    sign(timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII))) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode json = JSON.readTree(body);
            calls.add(new Call(UUID.fromString(json.path("deliveryId").asText()), UUID.fromString(json.path("eventId").asText()),
                    UUID.fromString(json.path("unitId").asText()), json.path("noticeType").asText()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Hex HMAC-SHA256 with the secret's UTF-8 bytes as the key, as notification-service's README specifies. */
    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
