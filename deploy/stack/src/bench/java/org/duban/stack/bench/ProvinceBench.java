package org.duban.stack.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.duban.provincesim.Answer;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Received;
import org.duban.provincesim.Settings;
import org.duban.stack.ProvinceWiring;
import org.duban.stack.ServiceProcess;
import org.duban.stack.TestSystem;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;

/**
 * Issue 17's figures for the provincial link, on the packaged services against the same PostgreSQL as the yardstick
 * measured first in the same run:
 * <ol>
 * <li><b>inbound</b> (measured second, with task-service stopped): signed {@code TASK_ISSUE} messages sent by the
 * province stand-in from {@code senders} threads to province-gateway, each verified (HMAC-SM3, nonce, timestamp), recorded and evented (an outbox row) before its code-0
 * answer: messages per second, against PostgreSQL's raw single-row INSERT+COMMIT rate on one connection (goal: at
 * least 25 %).</li>
 * <li><b>progress to receipt</b>: the supervisor asks for a provincial task's progress (task-service rolls up the county
 * reports into {@code ProvincialProgressCompiled}) at {@code rate}/s; the time from the request to the province having
 * received and verified the signed {@code PROGRESS}: Kafka, the gateway's consumer and outbound row, its dispatcher and
 * the signed POST (goal: p99 at most 1 s at 20/s).</li>
 * </ol>
 * Run: {@code deploy/bench.sh province [messages=6000] [senders=8] [rate=20] [seconds=30]} (rate 0 skips the latency run).
 */
public final class ProvinceBench {

    private static final Duration START = Duration.ofMinutes(4);

    private ProvinceBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
        try (TestSystem system = TestSystem.start(); ProvinceSim province = ProvinceSim.start(Settings.builder().build())) {
            Yardsticks.prepare(system.postgres);
            double commits = Yardsticks.commitRate(system.postgres, 1, Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "yardstick: postgres insert+commit, 1 connection: %,.0f rows/s%n", commits);

            Map<String, ServiceProcess> services = start(system, province);
            if (rate > 0) { // rate 0: the inbound figure alone
                progressToReceipt(province, services, rate, seconds);
            }
            // The gateway alone from here: task-service would spend the two cores turning every benchmark TASK_ISSUE
            // into a provincial task, which is its work, not the gateway's.
            services.get("task-service").close();
            services.get("unit-service").close();
            double inbound = inbound(province, system, messages, senders);
            System.out.printf(Locale.ROOT, "inbound: %d signed TASK_ISSUE from %d senders: %,.0f messages/s = %.0f %% of the "
                    + "raw commit rate (goal >= 25 %%)%n", messages, senders, inbound, 100 * inbound / commits);
            services.get("province-gateway").close();
        }
    }

    private static Map<String, ServiceProcess> start(TestSystem system, ProvinceSim province) {
        Map<String, ServiceProcess> services = new HashMap<>();
        String unitDb = system.postgres.createDatabase("duban_unit");
        services.put("unit-service", system.service(TestSystem.definition("unit-service"), unitDb,
                system.kafka.bootstrapServers(), Map.of()).start());
        services.get("unit-service").awaitReady(START);
        services.put("task-service", system.service(TestSystem.definition("task-service"), system.postgres.createDatabase("duban_task"),
                system.kafka.bootstrapServers(), Map.of("DUBAN_IMPORTER_UNIT_SERVICE_URL", services.get("unit-service").uri("").toString(),
                        "DUBAN_DEADLINE_SWEEP_INTERVAL", "60s")).start());
        services.put("province-gateway", ProvinceWiring.gateway(system, system.postgres.createDatabase("duban_province"), province,
                Map.of()).start());
        services.values().forEach(s -> s.awaitReady(START));
        province.gatewayUrl(services.get("province-gateway").uri(""));
        return services;
    }

    /** Messages per second answered code 0 by the gateway, after a warm-up of a fifth as many. */
    private static double inbound(ProvinceSim province, TestSystem system, int messages, int senders) throws Exception {
        send(province, "WARM", messages / 5, senders);
        long started = System.nanoTime();
        send(province, "BENCH", messages, senders);
        double rate = messages / ((System.nanoTime() - started) / 1e9);
        try (Connection c = system.postgres.connect("duban_province");
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*) from outbox_event_each where type = 'duban.province.task-issued.v1'")) {
            rs.next();
            System.out.printf(Locale.ROOT, "inbound: %,d ProvincialTaskIssued events in the gateway's outbox (warm-up included)%n",
                    rs.getLong(1));
        }
        return rate;
    }

    private static void send(ProvinceSim province, String prefix, int messages, int senders) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            done.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < messages;) {
                    Answer a = province.send("TASK_ISSUE", prefix + "-" + i, Map.of("documentTitle", "湖南省2021年基准测试工作要点",
                            "sectionLabel", "一", "sectionTitle", "基准", "taskNumber", "（" + (i % 50 + 1) + "）",
                            "title", "基准测试任务 " + i, "text", "基准测试任务 " + i + "（省政务局牵头）", "leadDepartment", "省政务局",
                            "deadlineText", "2021年底", "deadline", "2021-12-31"));
                    if (a.code() == null || a.code() != 0) {
                        throw new IllegalStateException("TASK_ISSUE " + prefix + "-" + i + " answered " + a.status() + " " + a.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    /** p50 and p99 from the supervisor's request to the province's verified PROGRESS, at {@code rate}/s. */
    private static void progressToReceipt(ProvinceSim province, Map<String, ServiceProcess> services, int rate, int seconds)
            throws Exception {
        URI tasks = services.get("task-service").uri("");
        for (Answer a : province.issueSeedTasks()) {
            if (a.code() == null || a.code() != 0) {
                throw new IllegalStateException("TASK_ISSUE answered " + a.body());
            }
        }
        ProvinceWiring.importPlan(tasks, Tokens.supervisor(), SeedDocuments.read(SeedDocuments.COUNTY_NOTICE));
        List<String> provincial = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            provincial.clear();
            for (JsonNode t : ProvinceWiring.call("GET", tasks.resolve("/api/provincial-tasks"), Tokens.supervisor(), null)) {
                if (t.path("provTaskId").asText().startsWith("HN2021-")) {
                    provincial.add(t.path("id").asText());
                }
            }
            return provincial.size() == 51;
        });
        for (String id : provincial) {
            ProvinceWiring.call("POST", tasks.resolve("/api/provincial-tasks/" + id + "/accept"), Tokens.supervisor(), null);
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> province.accepted("RECEIPT").size() >= 51);

        int warmUp = Math.max(rate * 10, 100);
        long[] warm = offer(province, tasks, provincial, rate, warmUp);
        long[] micros = offer(province, tasks, provincial, rate, rate * seconds);
        System.out.printf(Locale.ROOT, "progress -> province receipt at %d/s, %d requests after %d warm-up: p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms (goal p99 <= 1000 ms); warm-up p99 %.1f ms%n", rate, micros.length, warm.length,
                Yardsticks.percentile(micros, 50) / 1000.0, Yardsticks.percentile(micros, 99) / 1000.0,
                Yardsticks.percentile(micros, 100) / 1000.0, Yardsticks.percentile(warm, 99) / 1000.0);
    }

    /** Offers {@code count} progress requests at {@code rate}/s; each one's microseconds to the province's record. */
    private static long[] offer(ProvinceSim province, URI tasks, List<String> provincial, int rate, int count) throws Exception {
        Map<String, Instant> asked = new ConcurrentHashMap<>(); // period (unique per request) → when it was asked
        AtomicInteger next = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            callers.submit(() -> {
                Instant at = Instant.now();
                JsonNode compiled = ProvinceWiring.call("POST", tasks.resolve("/api/provincial-tasks/"
                        + provincial.get(i % provincial.size()) + "/progress"), Tokens.supervisor(), null);
                asked.put(compiled.path("provTaskId").asText() + "|" + compiled.path("period").asText(), at);
                return null;
            });
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        await().atMost(Duration.ofSeconds(count / rate + 120)).pollInterval(Duration.ofMillis(500))
                .until(() -> next.get() >= count && asked.size() == count && received(province, asked).size() == count);
        ticker.shutdownNow();
        callers.shutdown();
        return received(province, asked).values().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** For each asked request the province has received: microseconds from the request to the record. */
    private static Map<String, Long> received(ProvinceSim province, Map<String, Instant> asked) {
        Map<String, Long> latency = new HashMap<>();
        for (Received r : province.accepted("PROGRESS")) {
            String key = r.provTaskId() + "|" + r.payload().path("period").asText();
            Instant at = asked.get(key);
            if (at != null) {
                latency.putIfAbsent(key, Duration.between(at, r.at()).toNanos() / 1000);
            }
        }
        return latency;
    }
}
