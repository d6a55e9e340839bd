package org.duban.unit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.SeedDocuments;
import org.duban.unit.registry.Names;
import org.duban.unit.resolve.NameResolver;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Name resolution benchmark (issue 4). Not part of the normal build: run it with
 * {@code ./mvnw -pl unit-service test -Pbench} (see BENCHMARKS.md). It loads the seed list, then 10,000 more
 * units with 30,000 aliases straight into PostgreSQL, and measures, on the real PostgreSQL and over real HTTP
 * with signed tokens:
 * <ol>
 * <li>throughput of resolving the whole 责任单位 column of the seed notice (49 cells), in process and over HTTP;</li>
 * <li>latency (p50/p90/p99/max) of {@code POST /api/units/resolve} with those cells, one request in flight;</li>
 * <li>the same for a cell with typos, which takes the fuzzy path over all 40,000 names;</li>
 * <li>yardsticks from the same run: a resolve of empty text (HTTP + token check + the revision read) and a
 * bare JDBC {@code select} of the revision.</li>
 * </ol>
 * Sizes: {@code -Dbench.units=10000 -Dbench.aliases-per-unit=3 -Dbench.requests=3000 -Dbench.seconds=10
 * -Dbench.warm-up-seconds=30}.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class ResolveBench {

    private static final int UNITS = Integer.getInteger("bench.units", 10_000);
    private static final int ALIASES_PER_UNIT = Integer.getInteger("bench.aliases-per-unit", 3);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 3_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warm-up-seconds", 30);

    private static final String PLACE_CHARS = "安宁泰和兴平永福嘉庆长乐广德昌隆丰盛吉祥瑞康华阳明远清源东西南北江河湖山川云";
    private static final String[] DEPARTMENTS = { "财政局", "教育局", "公安局", "民政局", "司法局", "水利局", "林业局", "统计局",
            "审计局", "档案局", "气象局", "信访局", "商务局", "粮食局", "科技局", "体育局", "文化局", "旅游局", "交通局", "农业局",
            "畜牧局", "水产局", "城管局", "规划局", "国土局", "环保局", "税务局", "人防办", "侨办", "台办", "外事办", "法制办",
            "编办", "老干局", "党校", "机要局", "保密局", "医保局", "卫健局", "应急局", "退役军人局", "市场监管局", "数据局",
            "政务中心", "供电公司", "自来水公司", "邮政分公司", "人民法院", "检察院", "优化办" };

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/units/resolve")
    URL resolveUrl;

    @Inject
    NameResolver resolver;

    @Test
    void resolveThroughputAndLatency() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version")));
        out.append("load average (1/5/15 min) at the start: ").append(loadAverage()).append('\n');

        long loadStart = System.nanoTime();
        int[] loaded = load();
        out.append(String.format(Locale.ROOT, "loaded %,d units and %,d aliases (plus the seed list) in %.1f s%n", loaded[0],
                loaded[1], (System.nanoTime() - loadStart) / 1e9));
        long indexStart = System.nanoTime();
        resolver.resolve("县财政局", null); // the index is rebuilt at the new revision
        out.append(String.format(Locale.ROOT, "index rebuild after the load: %.0f ms%n", (System.nanoTime() - indexStart) / 1e6));

        List<String> column = SeedDocuments.noticeRows().stream().map(SeedDocuments.NoticeRow::responsible).toList();
        assertEquals(49, column.size());
        int fragmentsPerColumn = column.stream().mapToInt(c -> resolver.resolve(c, null).fragments().size()).sum();
        long unresolved = column.stream().mapToLong(c -> resolver.resolve(c, null).unresolved()).sum();
        assertEquals(0, unresolved, "the column resolves fully with the large registry loaded too");

        String token = Tokens.supervisor();
        HttpClient http = HttpClient.newHttpClient();
        List<String> bodies = column.stream().map(c -> json(c)).toList();

        // warm-up: the JIT needs a while, the HTTP path (server and client) longest — measured: 5 s left it 2x slow
        long warmEnd = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L / 3;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            resolver.resolve(column.get(i % column.size()), null);
        }
        warmEnd = System.nanoTime() + WARM_UP_SECONDS * 2_000_000_000L / 3;
        for (int i = 0; System.nanoTime() < warmEnd; i++) {
            post(http, token, bodies.get(i % bodies.size()));
            if (i % 10 == 0) {
                post(http, token, json(i % 20 == 0 ? "县财政句、县教肓局" : ""));
            }
        }

        // 1. throughput, in process (the resolver alone, including its per-call revision check)
        long columns = 0;
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (String cell : column) {
                resolver.resolve(cell, null);
            }
            columns++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.append(String.format(Locale.ROOT,
                "in process: whole 责任单位 column (49 cells, %d fragments) %,.1f columns/s = %,.0f cells/s = %,.0f fragments/s%n",
                fragmentsPerColumn, columns / seconds, columns * 49 / seconds, columns * fragmentsPerColumn / seconds));

        // 1b. throughput over HTTP, one request in flight, one cell per request
        columns = 0;
        end = System.nanoTime() + SECONDS * 1_000_000_000L;
        start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (String body : bodies) {
                post(http, token, body);
            }
            columns++;
        }
        seconds = (System.nanoTime() - start) / 1e9;
        out.append(String.format(Locale.ROOT, "over HTTP, 1 client: %,.1f columns/s = %,.0f cells/s = %,.0f fragments/s%n",
                columns / seconds, columns * 49 / seconds, columns * fragmentsPerColumn / seconds));

        // 1c. the whole column in one request
        String wholeColumn = json(String.join("\n", column));
        long[] whole = latencies(http, token, List.of(wholeColumn), Math.max(200, REQUESTS / 10));
        out.append(line("over HTTP, the whole column as one request", whole));

        // 2. latency of single cells, cycling through the column
        out.append(line("POST /api/units/resolve, one 责任单位 cell", latencies(http, token, bodies, REQUESTS)));
        // 3. fuzzy path: typos make every fragment miss the exact index
        String typos = json("县财政句、县教肓局、县公按局、县民政句、县林叶局");
        out.append(line("POST /api/units/resolve, 5 fragments with typos (fuzzy)", latencies(http, token, List.of(typos), REQUESTS)));
        // 4. yardsticks
        out.append(line("yardstick: POST /api/units/resolve with empty text (HTTP + token + revision read)",
                latencies(http, token, List.of(json("")), REQUESTS)));
        out.append(line("yardstick: JDBC select of the registry revision, 1 connection", jdbcLatencies(REQUESTS)));

        out.append("load average (1/5/15 min) at the end: ").append(loadAverage()).append('\n');
        System.out.println("\n==== ResolveBench ====\n" + out + "======================\n");
        Path report = Path.of("target", "resolve-bench.txt");
        Files.writeString(report, out.toString());
    }

    /** Other work on the machine skews every figure: the run records how busy it was. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String json(String text) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("text", text, "level", "county"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void post(HttpClient http, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(resolveUrl.toURI())
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("resolve answered " + response.statusCode() + ": " + response.body());
        }
    }

    private long[] latencies(HttpClient http, String token, List<String> bodies, int count) throws Exception {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            post(http, token, bodies.get(i % bodies.size()));
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        return micros;
    }

    private static long[] jdbcLatencies(int count) throws Exception {
        long[] micros = new long[count];
        try (Connection c = RealInfrastructure.postgres().connect("duban_unit");
                PreparedStatement s = c.prepareStatement("select revision from registry_revision where id = 1")) {
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                try (var rs = s.executeQuery()) {
                    rs.next();
                }
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
        }
        return micros;
    }

    private static String line(String what, long[] micros) {
        return String.format(Locale.ROOT, "%s (%,d requests): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                micros.length, percentile(micros, 50) / 1000.0, percentile(micros, 90) / 1000.0,
                percentile(micros, 99) / 1000.0, percentile(micros, 100) / 1000.0);
    }

    static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    /**
     * {@code UNITS} units in synthetic counties under 怀化市人民政府: each county a government
     * ({@code <place>县人民政府}) and its departments ({@code <place>县<department>}), each unit with
     * {@code ALIASES_PER_UNIT} aliases — so 中方县's own groups keep their real size. Written with plain JDBC
     * batches: registering them one by one through the API would also write 20,000 outbox rows, and the
     * resolver reads only the registry tables.
     */
    private static int[] load() throws Exception {
        List<String> places = new ArrayList<>();
        for (int i = 0; i < PLACE_CHARS.length() && places.size() * DEPARTMENTS.length < UNITS; i++) {
            for (int j = 0; j < PLACE_CHARS.length() && places.size() * DEPARTMENTS.length < UNITS; j++) {
                if (i != j) {
                    places.add("" + PLACE_CHARS.charAt(i) + PLACE_CHARS.charAt(j));
                }
            }
        }
        int units = 0;
        int aliases = 0;
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = RealInfrastructure.postgres().connect("duban_unit")) {
            c.setAutoCommit(false);
            UUID city;
            try (var rs = c.createStatement().executeQuery("select unit_id from unit_name where key = '怀化市人民政府'")) {
                rs.next();
                city = rs.getObject(1, UUID.class);
            }
            try (PreparedStatement unit = c.prepareStatement("""
                    insert into unit (id, name, kind, level, parent_id, status, created_at, updated_at, version)
                    values (?, ?, ?, 'COUNTY', ?, 'ACTIVE', ?, ?, 1)""");
                    PreparedStatement name = c.prepareStatement(
                            "insert into unit_name (key, name, unit_id, canonical) values (?, ?, ?, ?)")) {
                outer: for (String place : places) {
                    UUID county = null;
                    for (int d = -1; d < DEPARTMENTS.length - 1; d++) {
                        if (units == UNITS) {
                            break outer;
                        }
                        UUID id = UUID.randomUUID();
                        String department = d < 0 ? "人民政府" : DEPARTMENTS[d];
                        String canonical = place + "县" + department;
                        unit.setObject(1, id);
                        unit.setString(2, canonical);
                        unit.setString(3, d < 0 ? "PEOPLES_GOVERNMENT" : "GOVERNMENT_DEPARTMENT");
                        unit.setObject(4, d < 0 ? city : county);
                        unit.setTimestamp(5, now);
                        unit.setTimestamp(6, now);
                        unit.addBatch();
                        if (d < 0) {
                            county = id;
                            unit.executeBatch(); // the departments reference it
                        }
                        List<String> names = new ArrayList<>(List.of(canonical));
                        String[] forms = d < 0 ? new String[] { place + "县政府", place + "人民政府", place + "县", place + "县人民政府机关" }
                                : new String[] { place + department, place + "县人民政府" + department, "中共" + place + "县" + department,
                                        place + "县" + department + "机关" };
                        for (int a = 0; a < ALIASES_PER_UNIT && a < forms.length; a++) {
                            names.add(forms[a]);
                        }
                        for (int n = 0; n < names.size(); n++) {
                            name.setString(1, Names.key(names.get(n)));
                            name.setString(2, names.get(n));
                            name.setObject(3, id);
                            name.setBoolean(4, n == 0);
                            name.addBatch();
                        }
                        units++;
                        aliases += names.size() - 1;
                        if (units % 1000 == 0) {
                            unit.executeBatch();
                            name.executeBatch();
                        }
                    }
                }
                unit.executeBatch();
                name.executeBatch();
            }
            c.createStatement().executeUpdate("update registry_revision set revision = revision + 1 where id = 1");
            c.commit();
        }
        return new int[] { units, aliases };
    }
}
