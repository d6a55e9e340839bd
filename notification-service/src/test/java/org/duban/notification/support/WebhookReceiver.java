package org.duban.notification.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for an SMS/IM gateway. It checks each request as a receiver must — its own HMAC
 * over timestamp + "." + raw body with the shared secret, compared in constant time, and the timestamp within a
 * tolerance of the (test) clock — and answers 401 if either is wrong. {@code answer} picks the status per request
 * number (1-based); a negative status means "never answer" (hold the request for {@code hang}).
 */
public class WebhookReceiver implements AutoCloseable {

    /** {@code headers}: the request's {@code X-Duban-*} headers (first value each). */
    public record Received(int number, String body, boolean signatureValid, int answered, Map<String, String> headers) {
    }

    private final HttpServer server;
    private volatile String secret;
    private volatile String signatureHeader = "X-Duban-Signature";
    private volatile String answerBody;
    private final Clock clock;
    private final Duration tolerance;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile IntUnaryOperator answer = n -> 200;
    private volatile Duration hang = Duration.ofSeconds(5);

    public WebhookReceiver(String secret, Clock clock, Duration tolerance) throws IOException {
        this.secret = secret;
        this.clock = clock;
        this.tolerance = tolerance;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public WebhookReceiver answering(IntUnaryOperator statusByRequestNumber) {
        this.answer = statusByRequestNumber;
        return this;
    }

    /** From now on, verify with this secret (a receiver that was handed a new one). */
    public WebhookReceiver withSecret(String secret) {
        this.secret = secret;
        return this;
    }

    /** From now on, verify the signature in this header (e.g. {@code X-Duban-Signature-Previous}: a receiver still on the old secret). */
    public WebhookReceiver verifying(String header) {
        this.signatureHeader = header;
        return this;
    }

    /** Answer every request with this body instead of "ok"/"no". */
    public WebhookReceiver answerBody(String body) {
        this.answerBody = body;
        return this;
    }

    /** Whether {@code signature} is the HMAC of {@code timestamp + "." + body} under {@code secret}. */
    public static boolean signedWith(String secret, String timestamp, String signature, String body) {
        if (secret == null || timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
        } catch (Exception e) {
            return false;
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests with a valid signature that were answered 2xx. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.signatureValid() && r.answered() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int number = requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean valid = verify(exchange.getRequestHeaders().getFirst("X-Duban-Timestamp"),
                exchange.getRequestHeaders().getFirst(signatureHeader), body);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-duban-") && !values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        int status = valid ? answer.applyAsInt(number) : 401;
        if (status < 0) {
            try {
                // a receiver that never answers: it holds the request until closed (or the hang limit)
                closed.await(hang.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(new Received(number, body, valid, status, headers));
            exchange.close();
            return;
        }
        received.add(new Received(number, body, valid, status, headers));
        String text = answerBody != null ? answerBody : status == 200 ? "ok" : "no";
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private boolean verify(String timestamp, String signature, String body) {
        if (timestamp == null || signature == null) {
            return false;
        }
        try {
            long ts = Long.parseLong(timestamp);
            if (Math.abs(clock.instant().getEpochSecond() - ts) > tolerance.toSeconds()) {
                return false; // replayed or far off
            }
            return signedWith(secret, timestamp, signature, body);
        } catch (Exception e) {
            return false;
        }
    }

    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
