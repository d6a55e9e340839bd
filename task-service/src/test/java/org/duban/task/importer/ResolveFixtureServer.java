package org.duban.task.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * unit-service's {@code POST /api/units/resolve}, stood in for by a real HTTP server speaking the same protocol, over
 * the registry unit-service seeds ({@code unit-service/src/main/resources/seed/registry-seed.json}: units, aliases,
 * groups by rule or by member list; 各乡镇人民政府 has no members). Names are found longest first; separators and
 * connectives (等, 和, 按职责分工负责, 牵头 …) split them; a name is found only as a whole piece between them (各区县人民政府
 * holds no 县人民政府); any other stretch is UNRESOLVED. It matches exactly, so a name of another level (市人社局) is
 * UNRESOLVED here too, as unit-service answers it. A request without a bearer
 * token gets 401, as from unit-service. Tests can {@link #stop()} it to see the importer fail with 503.
 */
public class ResolveFixtureServer implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEPARATORS = "、,，;；。/\n\r\t \u3000";
    private static final List<String> CONNECTIVES = List.of("按职责分工负责", "职责分工负责", "按职责牵头负责", "按职责负责", "分工负责",
            "牵头负责", "负责", "牵头", "配合", "以及", "会同", "等相关单位", "等有关单位", "等", "和", "及", "与");

    record Entry(String type, UUID id, String name, String level, List<Map<String, Object>> members) {
    }

    private static HttpServer server;
    private static int port;
    private static final Map<String, Entry> NAMES = new HashMap<>();
    private static final List<String> KEYS = new ArrayList<>();
    public static final AtomicInteger CALLS = new AtomicInteger();
    /** Resolve calls being answered now, and the most at once since {@link #watchLoad}. */
    static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    static final AtomicInteger PEAK_IN_FLIGHT = new AtomicInteger();
    /** While set above 0, each resolve call is held (at most {@link #HOLD}) until more than this many are in flight. */
    private static volatile int holdUntilMoreThan;
    private static final long HOLD = 30;
    private static final Object ARRIVALS = new Object();
    /** The next this-many resolve calls are answered 503 with {@code Retry-After: 0}, as unit-service sheds load. */
    static final AtomicInteger SHED_NEXT = new AtomicInteger();
    /** A group's rule as unit-service answers it in {@code GET /api/unit-groups/{id}} (kinds, levels, underUnitId). */
    private static final Map<UUID, Map<String, Object>> GROUP_RULES = new HashMap<>();

    @Override
    public Map<String, String> start() {
        load();
        startServer(0);
        return Map.of("duban.importer.unit-service-url", url());
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Makes unit-service unreachable (connection refused) until {@link #restart()}. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public static synchronized void restart() {
        if (server == null) {
            startServer(port);
        }
    }

    /**
     * Makes the overlap of resolve calls visible: each call is held up to 30 ms until more than {@code holdUntil} are in
     * flight, so a client sending everything at once shows a peak above it, and one that keeps to {@code holdUntil}
     * shows at most that. 0 stops holding.
     */
    static void watchLoad(int holdUntil) {
        PEAK_IN_FLIGHT.set(0);
        holdUntilMoreThan = holdUntil;
    }

    /** The id the fixture gives a registered unit or group. */
    public static UUID idOf(String name) {
        if (NAMES.isEmpty()) {
            load();
        }
        Entry e = NAMES.get(fold(name));
        if (e == null) {
            throw new IllegalArgumentException("not in the registry seed: " + name);
        }
        return e.id();
    }

    private static synchronized void startServer(int at) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // a thread per call, so the calls a client sends at once are answered at once and their overlap is seen
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/units/resolve", ResolveFixtureServer::handle);
        server.createContext("/api/unit-groups/", ResolveFixtureServer::group);
        server.start();
        port = server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                send(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
                return;
            }
            if (SHED_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 503, "{\"status\":503,\"title\":\"Service Unavailable\",\"detail\":\"too many requests in flight\"}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String answer = JSON.writeValueAsString(resolve(request.path("text").asText(""), request.path("level").asText(null)));
            holdWhileFewInFlight();
            // counted out before the answer is written: a client that waits for it cannot overlap this call
            IN_FLIGHT.decrementAndGet();
            send(exchange, 200, answer);
        }
    }

    /** {@code GET /api/unit-groups/{id}}: the group's id and rule (null for a group listed by hand), 404 if unknown. */
    private static void group(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                send(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/api/unit-groups/".length());
            Entry e = NAMES.values().stream().filter(n -> "GROUP".equals(n.type()) && n.id().toString().equals(id)).findFirst()
                    .orElse(null);
            if (e == null) {
                send(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
                return;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", e.id());
            view.put("name", e.name());
            view.put("rule", GROUP_RULES.get(e.id()));
            send(exchange, 200, JSON.writeValueAsString(view));
        }
    }

    private static void holdWhileFewInFlight() {
        int now = IN_FLIGHT.incrementAndGet();
        PEAK_IN_FLIGHT.accumulateAndGet(now, Math::max);
        synchronized (ARRIVALS) {
            ARRIVALS.notifyAll();
            long until = System.nanoTime() + HOLD * 1_000_000;
            try {
                while (holdUntilMoreThan > 0 && IN_FLIGHT.get() <= holdUntilMoreThan && System.nanoTime() < until) {
                    ARRIVALS.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, Object> resolve(String original, String level) {
        String text = Normalizer.normalize(original, Normalizer.Form.NFKC);
        List<Map<String, Object>> fragments = new ArrayList<>();
        List<Map<String, Object>> connectives = new ArrayList<>();
        StringBuilder unknown = new StringBuilder();
        int unknownStart = 0;
        int i = 0;
        outer: while (i < text.length()) {
            for (String key : KEYS) {
                // a name starts where a piece starts and ends where it ends, as unit-service reads it: 各区县人民政府 does
                // not hold 县人民政府
                if (unknown.isEmpty() && text.startsWith(key, i) && boundary(text, i + key.length())) {
                    flush(unknown, unknownStart, fragments);
                    Entry e = NAMES.get(key);
                    fragments.add(fragment(text.substring(i, i + key.length()), i, i + key.length(), e, key.equals(fold(e.name()))));
                    i += key.length();
                    unknownStart = i;
                    continue outer;
                }
            }
            if (SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                flush(unknown, unknownStart, fragments);
                i++;
                unknownStart = i;
                continue;
            }
            for (String c : CONNECTIVES) {
                if (text.startsWith(c, i)) {
                    flush(unknown, unknownStart, fragments);
                    connectives.add(Map.of("text", c, "start", i, "end", i + c.length()));
                    i += c.length();
                    unknownStart = i;
                    continue outer;
                }
            }
            if (unknown.isEmpty()) {
                unknownStart = i;
            }
            unknown.append(text.charAt(i));
            i++;
        }
        flush(unknown, unknownStart, fragments);
        long unresolved = fragments.stream().filter(f -> "UNRESOLVED".equals(f.get("outcome"))).count();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("level", level);
        answer.put("resolved", fragments.size() - unresolved);
        answer.put("unresolved", unresolved);
        answer.put("fragments", fragments);
        answer.put("connectives", connectives);
        return answer;
    }

    private static boolean boundary(String text, int at) {
        if (at >= text.length() || SEPARATORS.indexOf(text.charAt(at)) >= 0) {
            return true;
        }
        return CONNECTIVES.stream().anyMatch(c -> text.startsWith(c, at)) || KEYS.stream().anyMatch(k -> text.startsWith(k, at));
    }

    private static void flush(StringBuilder unknown, int start, List<Map<String, Object>> fragments) {
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("text", unknown.toString());
        f.put("start", start);
        f.put("end", start + unknown.length());
        f.put("outcome", "UNRESOLVED");
        f.put("match", null);
        f.put("score", null);
        f.put("unit", null);
        f.put("group", null);
        f.put("candidates", List.of());
        fragments.add(f);
        unknown.setLength(0);
    }

    private static Map<String, Object> fragment(String text, int start, int end, Entry e, boolean exact) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("text", text);
        f.put("start", start);
        f.put("end", end);
        f.put("outcome", e.type());
        f.put("match", exact ? "EXACT" : "ALIAS");
        f.put("score", 1.0);
        if (e.type().equals("UNIT")) {
            f.put("unit", Map.of("id", e.id(), "name", e.name(), "level", String.valueOf(e.level()), "status", "ACTIVE"));
            f.put("group", null);
        } else {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("id", e.id());
            g.put("name", e.name());
            g.put("level", e.level());
            g.put("memberCount", e.members().size());
            g.put("empty", e.members().isEmpty());
            g.put("note", e.members().isEmpty() ? e.name() + " has no members yet" : null);
            g.put("members", e.members());
            f.put("unit", null);
            f.put("group", g);
        }
        f.put("candidates", List.of());
        return f;
    }

    static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC);
    }

    private static synchronized void load() {
        if (!NAMES.isEmpty()) {
            return;
        }
        JsonNode seed;
        try (InputStream in = Files.newInputStream(seedFile())) {
            seed = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, JsonNode> units = new LinkedHashMap<>();
        for (JsonNode u : seed.path("units")) {
            units.put(u.path("name").asText(), u);
        }
        for (JsonNode u : units.values()) {
            String name = u.path("name").asText();
            UUID id = u.hasNonNull("id") ? UUID.fromString(u.path("id").asText())
                    : UUID.nameUUIDFromBytes(("unit:" + name).getBytes(StandardCharsets.UTF_8));
            Entry e = new Entry("UNIT", id, name, u.path("level").asText(), List.of());
            register(name, e);
            u.path("aliases").forEach(a -> register(a.asText(), e));
        }
        for (JsonNode g : seed.path("groups")) {
            String name = g.path("name").asText();
            List<Map<String, Object>> members = new ArrayList<>();
            if (g.has("members")) {
                g.path("members").forEach(m -> members.add(Map.of("id", NAMES.get(fold(m.asText())).id(), "name", m.asText())));
            } else if (g.has("rule")) {
                JsonNode rule = g.path("rule");
                List<String> kinds = new ArrayList<>();
                rule.path("kinds").forEach(k -> kinds.add(k.asText()));
                List<String> levels = new ArrayList<>();
                rule.path("levels").forEach(l -> levels.add(l.asText()));
                String under = rule.path("under").asText();
                for (JsonNode u : units.values()) {
                    if (kinds.contains(u.path("kind").asText()) && levels.contains(u.path("level").asText())
                            && isUnder(u, under, units)) {
                        String n = u.path("name").asText();
                        members.add(Map.of("id", NAMES.get(fold(n)).id(), "name", n));
                    }
                }
            }
            Entry e = new Entry("GROUP", UUID.nameUUIDFromBytes(("group:" + name).getBytes(StandardCharsets.UTF_8)), name,
                    g.path("level").asText(null), members);
            if (g.has("rule")) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("kinds", JSON.convertValue(g.path("rule").path("kinds"), List.class));
                rule.put("levels", JSON.convertValue(g.path("rule").path("levels"), List.class));
                String under = g.path("rule").path("under").asText(null);
                rule.put("underUnitId", under == null ? null : NAMES.get(fold(under)).id());
                GROUP_RULES.put(e.id(), rule);
            }
            register(name, e);
            g.path("aliases").forEach(a -> register(a.asText(), e));
        }
        KEYS.addAll(NAMES.keySet());
        KEYS.sort(Comparator.comparingInt(String::length).reversed());
    }

    private static boolean isUnder(JsonNode unit, String ancestor, Map<String, JsonNode> units) {
        JsonNode u = unit;
        for (int depth = 0; depth < 10 && u != null; depth++) {
            String parent = u.path("parent").asText(null);
            if (parent == null) {
                return false;
            }
            if (parent.equals(ancestor)) {
                return true;
            }
            u = units.get(parent);
        }
        return false;
    }

    private static void register(String name, Entry e) {
        NAMES.putIfAbsent(fold(name), e);
    }

    private static Path seedFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path seed = dir.resolve("unit-service/src/main/resources/seed/registry-seed.json");
            if (Files.isRegularFile(seed)) {
                return seed;
            }
        }
        throw new IllegalStateException("cannot find unit-service/src/main/resources/seed/registry-seed.json above "
                + Path.of("").toAbsolutePath());
    }
}
