package org.duban.provincesim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the provincial supervision platform (省级督查督办平台): a real HTTP server implementing the
 * province's side of docs/province-api.md on its own, sharing no code with Duban's province-gateway.
 * <ul>
 * <li>It signs and POSTs province → county messages to the gateway ({@link #send}, {@link #issueSeedTasks()},
 * {@link #urge}, …), optionally with deliberate faults ({@link SendOptions}, {@link Mode#BAD_SIGNATURE_OUT}).</li>
 * <li>It receives the county's pushes at {@code POST /api/county/messages}, verifies them as §2 says, checks them as
 * §3–§5 say, answers as §6 says and records every request, duplicates included ({@link #attempts()},
 * {@link #received()}, {@link #accepted()}, {@link #messages()}).</li>
 * <li>It serves its own outbound messages at {@code GET /api/province/changes} (§7) and can pull the county's
 * ({@link #pullChanges}).</li>
 * <li>It can be told to refuse, hang or answer code 1 ({@link #mode(Mode)}).</li>
 * </ul>
 * Built on the JDK's {@code com.sun.net.httpserver.HttpServer} and {@code java.net.http.HttpClient}, not Quarkus or
 * another framework, on purpose: a stand-in without a framework starts in milliseconds inside any test JVM (a Quarkus
 * test's included, without a second Quarkus application in it) and as a plain process.
 */
public final class ProvinceSim implements AutoCloseable {

    public static final int MAX_BODY = 1024 * 1024;
    public static final String CHANGES_PATH = "/api/province/changes";
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter SEND_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(BEIJING);
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One message this instance sent (or only wrote to its feed), with the answer it got. */
    public record Sent(Instant at, String msgId, String msgType, String provTaskId, JsonNode envelope, Answer answer) {
    }

    /** What a pull of the peer's changes returned: the HTTP status and the parsed body (null when not JSON). */
    public record Pulled(int status, JsonNode body) {
    }

    private record StoredAnswer(int status, int code, String msg) {
    }

    private record FeedEntry(long cursor, JsonNode message) {
    }

    static {
        // The JDK server leaves Nagle's algorithm on by default; with small answers on kept-alive connections that
        // costs a delayed-ACK wait (~40 ms) per request. Read once, when the JDK's server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Verifier verifier;
    private final ControlApi control;

    private final Object lock = new Object();
    private final List<Received> attempts = new ArrayList<>(); // guarded by lock
    private final Map<String, StoredAnswer> answers = new HashMap<>(); // appKey \n msgId -> answer, guarded by lock
    private final List<Sent> sent = new ArrayList<>(); // guarded by lock
    private final List<FeedEntry> feed = new ArrayList<>(); // guarded by lock
    private final Map<String, FeedEntry> feedByMsgId = new HashMap<>(); // guarded by lock
    private CountDownLatch hangGate = new CountDownLatch(1); // guarded by lock
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong msgSeq = new AtomicLong();
    private final String msgIdPrefix = UUID.randomUUID().toString().substring(0, 8);
    private volatile Mode mode = Mode.NORMAL;
    private volatile URI peerUrl;
    private volatile String lastNonce;

    private ProvinceSim(Settings settings) throws IOException {
        this.settings = settings;
        this.clock = settings.clock();
        this.verifier = new Verifier(settings);
        this.peerUrl = settings.peerUrl();
        this.server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        // A cached pool: a request held open in HANG mode must not block the others.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "province-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server.setExecutor(executor);
        this.server.createContext("/", this::dispatch);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.sendTimeout()).build();
        this.control = new ControlApi(this);
    }

    /** Starts a stand-in with these settings; it listens until {@link #close()}. */
    public static ProvinceSim start(Settings settings) {
        try {
            ProvinceSim sim = new ProvinceSim(settings);
            sim.server.start();
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the province stand-in on " + settings.bindAddress() + ":" + settings.port(), e);
        }
    }

    @Override
    public void close() {
        releaseHung();
        server.stop(0);
        executor.shutdownNow();
    }

    public Settings settings() {
        return settings;
    }

    /** e.g. {@code http://127.0.0.1:8190}; the county pushes to {@code baseUrl() + "/api/county/messages"}. */
    public URI baseUrl() {
        return URI.create("http://" + hostForUrl() + ":" + server.getAddress().getPort());
    }

    /** Where the county pushes: {@code baseUrl() + "/api/county/messages"} (for the province role). */
    public URI inboundUrl() {
        return URI.create(baseUrl() + settings.inboundPath());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private String hostForUrl() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    // ------------------------------------------------------------------ fault modes

    public Mode mode() {
        return mode;
    }

    /** Switches the fault mode; leaving HANG releases the requests held open. */
    public void mode(Mode newMode) {
        this.mode = newMode;
        if (newMode != Mode.HANG) {
            releaseHung();
        }
    }

    /** Lets every request held open by HANG go (each is answered 503 with no body). */
    public void releaseHung() {
        synchronized (lock) {
            hangGate.countDown();
            hangGate = new CountDownLatch(1);
        }
    }

    // ------------------------------------------------------------------ sending

    /** Signs and sends a message with a generated msgId and the configured sign method. */
    public Answer send(String msgType, String provTaskId, Map<String, Object> payload) {
        return send(msgType, provTaskId, payload, SendOptions.defaults());
    }

    /** Sends with the given msgId (to resend the same msgId: the gateway must answer the same and do nothing twice). */
    public Answer send(String msgType, String provTaskId, Map<String, Object> payload, String msgId) {
        return send(msgType, provTaskId, payload, SendOptions.defaults().msgId(msgId));
    }

    public Answer send(String msgType, String provTaskId, Map<String, Object> payload, SendOptions options) {
        return sendEnvelope(envelope(msgType, provTaskId, payload, options.msgId()), options);
    }

    /**
     * The envelope this instance would send (§3), for a test to alter before {@link #sendEnvelope}: e.g. drop a field.
     * A null msgId generates one.
     */
    public ObjectNode envelope(String msgType, String provTaskId, Map<String, Object> payload, String msgId) {
        ObjectNode env = JSON.createObjectNode();
        env.put("msgId", msgId != null ? msgId : newMsgId());
        env.put("msgType", msgType);
        env.put("provTaskId", provTaskId);
        env.put("sendTime", SEND_TIME.format(clock.instant()));
        env.put("senderOrg", settings.ownOrg());
        env.put("receiverOrg", settings.peerOrg());
        env.put("schemaVersion", "1.0");
        env.set("payload", JSON.valueToTree(payload == null ? Map.of() : payload));
        return env;
    }

    /** Signs and sends this envelope as it is (and writes it to the changes feed unless the options say not to). */
    public Answer sendEnvelope(JsonNode envelope, SendOptions options) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        String msgId = envelope.path("msgId").asText(null);
        if (options.feed() && msgId != null) {
            appendToFeed(msgId, envelope);
        }
        Answer answer = options.push() ? post(body, options, msgId, envelope)
                : new Answer(0, null, null, null, "", msgId, envelope);
        if ("TASK_ISSUE".equals(envelope.path("msgType").asText()) && answer.ok()) {
            issued.add(envelope.path("provTaskId").asText());
        }
        synchronized (lock) {
            sent.add(new Sent(clock.instant(), msgId, envelope.path("msgType").asText(null),
                    envelope.path("provTaskId").asText(null), envelope, answer));
        }
        return answer;
    }

    /** Signs and sends any bytes as the body (malformed JSON, an oversized body…); nothing goes to the feed. */
    public Answer sendRaw(byte[] body, SendOptions options) {
        return post(body, options, null, null);
    }

    /** Sends the message with this msgId again, byte for byte the same envelope, with a fresh nonce and timestamp. */
    public Answer resend(String msgId) {
        JsonNode envelope;
        synchronized (lock) {
            FeedEntry entry = feedByMsgId.get(msgId);
            envelope = entry == null ? null : entry.message();
            if (envelope == null) {
                envelope = sent.stream().filter(s -> msgId.equals(s.msgId())).map(Sent::envelope).findFirst().orElse(null);
            }
        }
        if (envelope == null) {
            throw new IllegalArgumentException("no message " + msgId + " was sent");
        }
        return sendEnvelope(envelope, SendOptions.defaults().msgId(msgId));
    }

    /** Issues all 51 provincial tasks of the seed document (TASK_ISSUE each, in document order). */
    public List<Answer> issueSeedTasks() {
        List<Answer> out = new ArrayList<>();
        for (SeedTask t : SeedTasks.all()) {
            out.add(issue(t));
        }
        return out;
    }

    /** TASK_ISSUE for one seed task, e.g. {@code HN2021-ZWFW-06}. */
    public Answer issue(String provTaskId) {
        return issue(SeedTasks.byId(provTaskId)
                .orElseThrow(() -> new IllegalArgumentException("no seed task " + provTaskId)));
    }

    public Answer issue(SeedTask task) {
        return send("TASK_ISSUE", task.provTaskId(), task.issuePayload());
    }

    /** URGE 催办; {@code replyBy} may be null. */
    public Answer urge(String provTaskId, String reason, Instant replyBy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reason", reason);
        if (replyBy != null) {
            p.put("replyBy", SEND_TIME.format(replyBy));
        }
        return send("URGE", provTaskId, p);
    }

    /** SUPERVISE 督办 with level YELLOW or RED. */
    public Answer supervise(String provTaskId, String level, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("level", level);
        p.put("reason", reason);
        return send("SUPERVISE", provTaskId, p);
    }

    /** REVIEW_RESULT 复核: PASSED (销号) or REJECTED with remarks. */
    public Answer review(String provTaskId, String result, String remarks) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("result", result);
        if (remarks != null) {
            p.put("remarks", remarks);
        }
        return send("REVIEW_RESULT", provTaskId, p);
    }

    /** EXTENSION_DECISION 延期批复 on the county's EXTENSION_REQUEST {@code requestMsgId}. */
    public Answer decideExtension(String provTaskId, String requestMsgId, boolean approved, LocalDate deadline, String note) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("requestMsgId", requestMsgId);
        p.put("approved", approved);
        p.put("deadline", deadline == null ? null : deadline.toString());
        p.put("note", note);
        return send("EXTENSION_DECISION", provTaskId, p);
    }

    /** TASK_REVOKE 撤销. */
    public Answer revoke(String provTaskId, String reason) {
        return send("TASK_REVOKE", provTaskId, Map.of("reason", reason));
    }

    /** Everything this instance sent, in order. */
    public List<Sent> sent() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** The provincial tasks issued with a code-0 answer. */
    public Set<String> issuedTasks() {
        return Set.copyOf(issued);
    }

    /** A signed {@code GET /api/province/changes?since=&limit=} on the peer (the county's outbound messages). */
    public Pulled pullChanges(long since, int limit) {
        return pullChanges(since, limit, SendOptions.defaults());
    }

    public Pulled pullChanges(long since, int limit, SendOptions options) {
        URI target = peerUri(CHANGES_PATH + "?since=" + since + "&limit=" + limit);
        HttpRequest request = signed("GET", target, new byte[0], options).GET().build();
        HttpResponse<String> response = exchange(request);
        return new Pulled(response.statusCode(), parseOrNull(response.body()));
    }

    private Answer post(byte[] body, SendOptions options, String msgId, JsonNode envelope) {
        URI target = peerUri(settings.outboundPath());
        HttpRequest request = signed("POST", target, body, options)
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = exchange(request);
        JsonNode answer = parseOrNull(response.body());
        Integer code = answer != null && answer.path("code").isInt() ? answer.get("code").asInt() : null;
        String msg = answer != null && answer.hasNonNull("msg") ? answer.get("msg").asText() : null;
        String answerMsgId = answer != null && answer.hasNonNull("msgId") ? answer.get("msgId").asText() : null;
        return new Answer(response.statusCode(), code, msg, answerMsgId, response.body() == null ? "" : response.body(), msgId, envelope);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + request.uri(), e);
        }
    }

    private HttpRequest.Builder signed(String method, URI target, byte[] body, SendOptions options) {
        String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        String timestamp = Long.toString(clock.millis() + options.timestampSkew().toMillis());
        String previous = lastNonce;
        String nonce = options.replayLastNonce() && previous != null ? previous
                : options.nonce() != null ? options.nonce() : Signing.nonce();
        lastNonce = nonce;
        SignMethod method0 = options.signMethod() != null ? options.signMethod() : settings.signMethod();
        String toSign = Signing.stringToSign(method, pathAndQuery, timestamp, nonce, body);
        boolean wrong = options.wrongSignature() || mode == Mode.BAD_SIGNATURE_OUT;
        // A wrong signature that still looks right: a valid signature over a different string.
        String signature = Signing.sign(method0, settings.ownSecret(), settings.ownSm2PrivateKey(), wrong ? toSign + "\ntampered" : toSign);
        return HttpRequest.newBuilder(target).timeout(settings.sendTimeout())
                .header("X-App-Key", options.appKey() != null ? options.appKey() : settings.ownAppKey())
                .header("X-Timestamp", timestamp)
                .header("X-Nonce", nonce)
                .header("X-Sign-Method", method0.header())
                .header("X-Signature", signature);
    }

    /** Where messages go now: the configured gateway URL unless {@link #gatewayUrl(URI)} changed it. */
    public URI gatewayUrl() {
        return peerUrl;
    }

    /**
     * Points this instance at another gateway (or peer) base URL, e.g. once a test knows the gateway's random port.
     */
    public void gatewayUrl(URI url) {
        this.peerUrl = url;
    }

    private URI peerUri(String pathAndQuery) {
        URI peer = peerUrl;
        if (peer == null) {
            throw new IllegalStateException("no gateway URL configured (Settings.gatewayUrl)");
        }
        String base = peer.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    private String newMsgId() {
        // Unique across restarts (a random part), ordered within a run (a sequence), at most 64 characters.
        return "HN-" + SEND_TIME.format(clock.instant()) + "-" + msgIdPrefix + "-" + String.format("%06d", msgSeq.incrementAndGet());
    }

    // ------------------------------------------------------------------ the changes feed (§7)

    private void appendToFeed(String msgId, JsonNode envelope) {
        synchronized (lock) {
            if (!feedByMsgId.containsKey(msgId)) {
                FeedEntry entry = new FeedEntry(feed.size() + 1L, envelope.deepCopy());
                feed.add(entry);
                feedByMsgId.put(msgId, entry);
            }
        }
    }

    /** The messages in this instance's changes feed, in cursor order (cursor i is element i - 1). */
    public List<JsonNode> feed() {
        synchronized (lock) {
            return feed.stream().map(FeedEntry::message).toList();
        }
    }

    // ------------------------------------------------------------------ what was received

    /** Every request to the inbound endpoint, in arrival order: fault-mode ones, refusals and duplicates included. */
    public List<Received> attempts() {
        synchronized (lock) {
            return List.copyOf(attempts);
        }
    }

    /** The requests answered by the spec's rules (any code, duplicates included), i.e. not by a fault mode. */
    public List<Received> received() {
        return attempts().stream().filter(r -> !r.outcome().fault()).toList();
    }

    /** The requests answered with code 0, duplicates included: count a msgId here to check "arrived exactly once". */
    public List<Received> accepted() {
        return attempts().stream().filter(Received::accepted).toList();
    }

    /** The accepted ones of one msgType, duplicates included. */
    public List<Received> accepted(String msgType) {
        return accepted().stream().filter(r -> msgType.equals(r.msgType())).toList();
    }

    /** The effects: each msgId's first acceptance, in order (what the province's database would hold). */
    public List<Received> messages() {
        return attempts().stream().filter(r -> r.outcome() == Received.Outcome.ACCEPTED).toList();
    }

    /**
     * Calls the listener with every request recorded from now on (fault-mode attempts included), on the server's
     * thread, after recording and before answering: e.g. to time a county report's arrival without polling.
     */
    public void addListener(Consumer<Received> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Received> listener) {
        listeners.remove(listener);
    }

    /** Forgets the recorded requests (not the remembered answers or nonces). */
    public void clearRecords() {
        synchronized (lock) {
            attempts.clear();
        }
    }

    // ------------------------------------------------------------------ HTTP handling

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (path.equals(settings.inboundPath())) {
                inbound(ex);
            } else if (path.equals(CHANGES_PATH)) {
                changes(ex);
            } else if (settings.controlApi() && path.startsWith("/sim/")) {
                control.handle(ex);
            } else {
                respond(ex, 404, answerJson(2, "path: no such endpoint " + path, null));
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("province-sim: " + e);
            try {
                respond(ex, 500, answerJson(9, "internal error: " + e, null));
            } catch (IOException | RuntimeException ignored) {
                // the answer may already have been sent, or the client gone
            }
        }
    }

    private void inbound(HttpExchange ex) throws IOException {
        Instant at = clock.instant();
        if (!ex.getRequestMethod().equals("POST")) {
            respond(ex, 405, answerJson(2, "method: must be POST", null));
            return;
        }
        byte[] body = readAtMost(ex.getRequestBody(), MAX_BODY + 1);
        boolean tooLarge = body.length > MAX_BODY;
        String target = rawTarget(ex);
        var headers = ex.getRequestHeaders();
        JsonNode env = tooLarge ? null : parseOrNull(body);
        Mode current = mode;
        if (current == Mode.REFUSE || current == Mode.HANG || current == Mode.ANSWER_CODE_1) {
            boolean verified = !tooLarge && verifier.verify("POST", target, headers, body, false).signatureVerified();
            if (current == Mode.ANSWER_CODE_1) {
                String msg = "refused (the stand-in is in mode ANSWER_CODE_1)";
                record(at, headers, verified, env, body, 401, 1, msg, Received.Outcome.FAULT_CODE_1);
                respond(ex, 401, answerJson(1, msg, textOrNull(env, "msgId")));
                return;
            }
            if (current == Mode.HANG) {
                record(at, headers, verified, env, body, 503, null, null, Received.Outcome.FAULT_HUNG);
                hang();
            } else {
                record(at, headers, verified, env, body, 503, null, null, Received.Outcome.FAULT_REFUSED);
            }
            ex.sendResponseHeaders(503, -1);
            return;
        }
        if (tooLarge) {
            String msg = "body: over the 1 MiB limit";
            // docs/province-api.md §3: HTTP 413 with code 2
            record(at, headers, false, null, body, 413, 2, msg, Received.Outcome.INVALID);
            respond(ex, 413, answerJson(2, msg, null));
            return;
        }
        Verifier.Result auth = verifier.verify("POST", target, headers, body, true);
        if (!auth.ok()) {
            record(at, headers, auth.signatureVerified(), env, body, 401, 1, auth.refusal(), Received.Outcome.REFUSED);
            respond(ex, 401, answerJson(1, auth.refusal(), textOrNull(env, "msgId")));
            return;
        }
        int status;
        int code;
        String msg;
        Received.Outcome outcome;
        Received recorded;
        String msgId = env != null && env.path("msgId").isTextual() ? env.get("msgId").asText() : null;
        synchronized (lock) {
            String key = auth.appKey() + '\n' + msgId;
            StoredAnswer earlier = msgId == null ? null : answers.get(key);
            if (earlier != null) {
                status = earlier.status();
                code = earlier.code();
                msg = earlier.msg();
                outcome = Received.Outcome.DUPLICATE;
            } else {
                String invalid = env == null ? "body: not valid JSON" : Validation.check(env, settings);
                if (invalid != null) {
                    status = 400;
                    code = 2;
                    msg = invalid;
                    outcome = Received.Outcome.INVALID;
                } else if (settings.strictFlow() && settings.role() == Settings.Role.PROVINCE
                        && !issued.contains(env.get("provTaskId").asText())) {
                    status = 409;
                    code = 3;
                    msg = "provTaskId: this platform never issued task " + env.get("provTaskId").asText();
                    outcome = Received.Outcome.FLOW_ERROR;
                } else {
                    status = 200;
                    code = 0;
                    msg = "ok";
                    outcome = Received.Outcome.ACCEPTED;
                }
                if (msgId != null && !msgId.isBlank() && msgId.length() <= 64) {
                    answers.put(key, new StoredAnswer(status, code, msg));
                }
            }
            recorded = record(at, headers, true, env, body, status, code, msg, outcome);
        }
        notifyListeners(recorded);
        respond(ex, status, answerJson(code, msg, msgId));
    }

    private void changes(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            respond(ex, 405, answerJson(2, "method: must be GET", null));
            return;
        }
        byte[] body = readAtMost(ex.getRequestBody(), MAX_BODY + 1);
        Mode current = mode;
        if (current == Mode.REFUSE || current == Mode.HANG) {
            if (current == Mode.HANG) {
                hang();
            }
            ex.sendResponseHeaders(503, -1);
            return;
        }
        if (current == Mode.ANSWER_CODE_1) {
            respond(ex, 401, answerJson(1, "refused (the stand-in is in mode ANSWER_CODE_1)", null));
            return;
        }
        Verifier.Result auth = verifier.verify("GET", rawTarget(ex), ex.getRequestHeaders(), body, true);
        if (!auth.ok()) {
            respond(ex, 401, answerJson(1, auth.refusal(), null));
            return;
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        long since;
        int limit;
        try {
            since = Long.parseLong(query.getOrDefault("since", "0"));
            if (since < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            respond(ex, 400, answerJson(2, "since: must be a cursor (a whole number, 0 at first)", null));
            return;
        }
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "100"));
            if (limit < 1 || limit > 500) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            respond(ex, 400, answerJson(2, "limit: must be 1 to 500", null));
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("code", 0);
        answer.put("msg", "ok");
        ArrayNode items = answer.putArray("items");
        long next = since;
        synchronized (lock) {
            for (int i = (int) Math.min(since, feed.size()); i < feed.size() && items.size() < limit; i++) {
                FeedEntry e = feed.get(i);
                ObjectNode item = items.addObject();
                item.put("cursor", e.cursor());
                item.set("message", e.message());
                next = e.cursor();
            }
        }
        answer.put("next", next);
        respond(ex, 200, JSON.writeValueAsBytes(answer));
    }

    private void hang() {
        CountDownLatch gate;
        synchronized (lock) {
            gate = hangGate;
        }
        try {
            gate.await(settings.hangLimit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Received record(Instant at, com.sun.net.httpserver.Headers headers, boolean verified, JsonNode env, byte[] body,
            int status, Integer code, String answer, Received.Outcome outcome) {
        JsonNode payload = env == null ? null : env.get("payload");
        String text = body.length > MAX_BODY ? "(" + body.length + "+ bytes, over the limit)" : new String(body, StandardCharsets.UTF_8);
        Received r;
        synchronized (lock) { // seq follows the list's order
            r = new Received(seq.incrementAndGet(), at, headers.getFirst("X-App-Key"), headers.getFirst("X-Sign-Method"),
                    verified, textOrNull(env, "msgId"), textOrNull(env, "msgType"), textOrNull(env, "provTaskId"), env, payload,
                    status, code, answer, outcome, text, Instant.now());
            attempts.add(r);
        }
        if (!Thread.holdsLock(lock)) { // else the caller notifies once it has let go of the lock
            notifyListeners(r);
        }
        return r;
    }

    private void notifyListeners(Received r) {
        for (Consumer<Received> listener : listeners) {
            try {
                listener.accept(r);
            } catch (RuntimeException e) {
                System.err.println("province-sim: a received-listener failed: " + e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] answerJson(int code, String msg, String msgId) {
        ObjectNode a = JSON.createObjectNode();
        a.put("code", code);
        a.put("msg", msg);
        if (msgId != null) {
            a.put("msgId", msgId);
        }
        try {
            return JSON.writeValueAsBytes(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void respond(HttpExchange ex, int status, byte[] json) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, json.length == 0 ? -1 : json.length);
        if (json.length > 0) {
            ex.getResponseBody().write(json);
        }
    }

    /** Path and, if any, ? and the raw query: the PATH line of the string to sign. */
    static String rawTarget(HttpExchange ex) {
        URI uri = ex.getRequestURI();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() < max) {
                out.write(buf, 0, Math.min(n, max - out.size()));
            }
            // keep draining so the client's write completes and it reads our answer
        }
        return out.toByteArray();
    }

    static JsonNode parseOrNull(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parseOrNull(String body) {
        return body == null ? null : parseOrNull(body.getBytes(StandardCharsets.UTF_8));
    }

    static String textOrNull(JsonNode env, String field) {
        return env != null && env.path(field).isTextual() ? env.get(field).asText() : null;
    }
}
