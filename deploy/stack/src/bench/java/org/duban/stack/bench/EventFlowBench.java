package org.duban.stack.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.duban.infra.PostgresServer;
import org.duban.stack.ServiceProcess;
import org.duban.stack.TestSystem;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 3's event-flow figures, on the packaged task- and notification-service against the same PostgreSQL and
 * Kafka as the yardsticks measured first in the same run:
 * <ol>
 * <li>throughput: a backlog of TaskAssigned rows is written while task-service's relay is off; a task-service with
 * its relay on then drains it: outbox → Kafka → notification-service's inbox entry (one transaction per event).
 * The rate is inbox entries per second between the first and the last entry.</li>
 * <li>latency at a fixed offered rate: tasks are posted at {@code rate}/s; for each event, the time from its
 * outbox row ({@code occurred_at}, in the assigning transaction) to its inbox entry ({@code created_at}).</li>
 * <li>the same with the relay woken only by its poll interval (wake-on-commit off), to show what polling costs.</li>
 * </ol>
 * Run: {@code deploy/bench.sh events [backlog=3000] [rate=200] [seconds=30]}.
 */
public final class EventFlowBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START = Duration.ofMinutes(4);
    /**
     * The unmeasured warm-up before each latency run, at the same rate. The instance measured has not served a POST
     * before (the backlog was written by another process), and until the JIT has compiled the hot paths its compiler
     * threads take a large share of the two cores: after a 10 s warm-up they used 0.3 of task-service's 0.8 cores in
     * the measured window and the p99 was 105–120 ms; after 90 s, 0.1 of 0.45 cores and 12–18 ms. The figure is for the
     * steady state, not for a service's first minute; the report gives each JVM's CPU and JIT share in the window.
     */
    private static final int WARM_UP_SECONDS = Integer.getInteger("bench.warm-up-seconds", 90);
    /**
     * Environment for both services: the deadline watcher at its own setting (task-service's application.properties),
     * not the 1 s of the system tests' {@link TestSystem}, which would sweep the benchmark's open work every second;
     * then whatever {@code DUBAN_BENCH_SERVICE_ENV} adds, e.g. {@code "QUARKUS_OTEL_SDK_DISABLED=true"}.
     */
    private static final Map<String, String> SERVICE_ENV = serviceEnvironment();

    private EventFlowBench() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), System.getProperty("java.version"));
        try (TestSystem system = TestSystem.start()) {
            // private copies of the two applications: on a shared machine another build may rewrite target/quarkus-app
            // during the run, and a JVM then loses the classes it has not loaded yet
            Path apps = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target")),
                    "bench-apps-");
            Map<String, Path> jars = new HashMap<>();
            for (String name : List.of("task-service", "notification-service")) {
                jars.put(name, TestSystem.copyOfApplication(TestSystem.definition(name), apps));
            }
            PostgresServer pg = system.postgres;
            String kafka = system.kafka.bootstrapServers();
            Yardsticks.prepare(pg);
            double commitRate = Yardsticks.commitRate(pg, 1, Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "yardstick postgres insert+commit, 1 connection: %,.0f rows/s%n", commitRate);
            long[] trips = Yardsticks.roundTrips(system.kafka, 2000);
            System.out.printf(Locale.ROOT, "yardstick kafka 1 KB round trip: p50 %.2f ms, p99 %.2f ms%n",
                    Yardsticks.percentile(trips, 50) / 1000.0, Yardsticks.percentile(trips, 99) / 1000.0);

            ServiceProcess notifications = system.service(TestSystem.definition("notification-service"), jars.get("notification-service"),
                    pg.createDatabase("duban_notification"), kafka, with(Map.of())).start();
            String taskDb = pg.createDatabase("duban_task");
            try (notifications) {
                notifications.awaitReady(START);

                UUID backlogUnit = registeredUnit(system, pg, "基准单位（积压）");
                try (ServiceProcess writer = system.service(TestSystem.definition("task-service"), jars.get("task-service"), taskDb, kafka,
                        with(Map.of("DUBAN_OUTBOX_ENABLED", "false"))).start()) {
                    writer.awaitReady(START);
                    postConcurrently(writer, backlogUnit, backlog, 4);
                }
                try (ServiceProcess relay = system.service(TestSystem.definition("task-service"), jars.get("task-service"), taskDb, kafka, with(Map.of())).start()) {
                    relay.awaitReady(START);
                    awaitInbox(pg, backlogUnit, backlog);
                    List<Instant> arrivals = arrivals(pg, backlogUnit);
                    double secondHalf = rate(arrivals, arrivals.size() / 2);
                    System.out.printf(Locale.ROOT, "throughput outbox->kafka->inbox, backlog of %d: %,.0f events/s overall,"
                            + " %,.0f events/s over the second half (warm) = %.0f %% of the raw commit rate%n", backlog,
                            rate(arrivals, 0), secondHalf, 100 * secondHalf / commitRate);

                    latency(system, pg, notifications, relay, rate, seconds, "relay woken on commit, poll 1 s");

                    // the relay and the consumer are warm now (the latency run): the same backlog again, all of it measured
                    UUID againUnit = registeredUnit(system, pg, "基准单位（再积压）");
                    int again = writeBacklogAgain(pg, backlogUnit, againUnit);
                    awaitInbox(pg, againUnit, again);
                    double warmRate = rate(arrivals(pg, againUnit), 0);
                    System.out.printf(Locale.ROOT, "throughput with warm JVMs, the same %d TaskAssigned written again into the"
                            + " outbox in one transaction: %,.0f events/s = %.0f %% of the raw commit rate%n", again, warmRate,
                            100 * warmRate / commitRate);
                }
                try (ServiceProcess polling = system.service(TestSystem.definition("task-service"), jars.get("task-service"), taskDb, kafka,
                        with(Map.of("DUBAN_OUTBOX_WAKE_ON_COMMIT", "false"))).start()) {
                    polling.awaitReady(START);
                    latency(system, pg, notifications, polling, rate, Math.max(10, seconds / 2), "polling only, every 1 s");
                }
                try (ServiceProcess polling = system.service(TestSystem.definition("task-service"), jars.get("task-service"), taskDb, kafka,
                        with(Map.of("DUBAN_OUTBOX_WAKE_ON_COMMIT", "false", "DUBAN_OUTBOX_POLL_INTERVAL", "PT0.1S"))).start()) {
                    polling.awaitReady(START);
                    latency(system, pg, notifications, polling, rate, Math.max(10, seconds / 2), "polling only, every 100 ms");
                }
            }
            try (var copies = Files.walk(apps)) {
                copies.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Posts tasks at {@code rate}/s for {@code seconds}, then prints the outbox-row → inbox-entry latency and the CPU
     * each JVM used meanwhile. An unmeasured warm-up at the same rate comes first ({@link #WARM_UP_SECONDS}).
     */
    private static void latency(TestSystem system, PostgresServer pg, ServiceProcess notifications, ServiceProcess taskService,
            int rate, int seconds, String label)
            throws Exception {
        // both units first: nothing but the measured load runs between the warm-up and the measurement (registering
        // a unit starts a producer in the JVM that also runs the broker)
        UUID warmUp = registeredUnit(system, pg, "基准单位（预热）");
        UUID unit = registeredUnit(system, pg, "基准单位");
        Offered warm = offer(taskService, warmUp, rate, WARM_UP_SECONDS);
        System.out.println("  warm-up " + warm.stalls());
        awaitInbox(pg, warmUp, warm.created());
        int total = rate * seconds;
        ProcessCpu tasksBefore = ProcessCpu.of(taskService.pid());
        ProcessCpu notificationsBefore = ProcessCpu.of(notifications.pid());
        ProcessCpu benchBefore = ProcessCpu.of(ProcessHandle.current().pid());
        long started = System.nanoTime();
        Offered offered = offer(taskService, unit, rate, seconds);
        awaitInbox(pg, unit, offered.created());
        double window = (System.nanoTime() - started) / 1e9;
        String cpu = String.format(Locale.ROOT, "  CPU meanwhile (%.1f s): task-service %s, notification-service %s,"
                + " broker and load generator %s", window, ProcessCpu.of(taskService.pid()).since(tasksBefore, window),
                ProcessCpu.of(notifications.pid()).since(notificationsBefore, window),
                ProcessCpu.of(ProcessHandle.current().pid()).since(benchBefore, window));
        report(pg, unit, total, offered.rate(), label);
        System.out.println("  " + offered.stalls());
        System.out.println(cpu);
    }

    /**
     * Writes every TaskAssigned of {@code from}'s backlog into task-service's outbox again, in one transaction, as
     * events of new tasks and assignments of {@code to} (new ids, so nothing is a duplicate to the consumer); returns
     * how many. The running relay finds them at its next poll and drains them with the path already compiled, unlike
     * the first backlog, which a freshly started JVM drains.
     */
    private static int writeBacklogAgain(PostgresServer pg, UUID from, UUID to) throws Exception {
        try (Connection c = pg.connect("duban_task")) {
            c.setAutoCommit(false);
            int written = 0;
            try (var select = c.prepareStatement("select topic, type, payload from outbox_event"
                    + " where type = 'duban.task.assigned.v1' and payload like ? order by seq");
                    var insert = c.prepareStatement("insert into outbox_event (id, topic, aggregate_id, type, payload,"
                            + " occurred_at) values (?, ?, ?, ?, ?, clock_timestamp())")) {
                select.setString(1, "%" + from + "%");
                ResultSet rs = select.executeQuery();
                while (rs.next()) {
                    ObjectNode event = (ObjectNode) JSON.readTree(rs.getString(3));
                    String task = UUID.randomUUID().toString();
                    event.put("taskId", task).put("assignmentId", UUID.randomUUID().toString()).put("unitId", to.toString());
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, rs.getString(1));
                    insert.setString(3, task);
                    insert.setString(4, rs.getString(2));
                    insert.setString(5, JSON.writeValueAsString(event));
                    insert.addBatch();
                    written++;
                }
                insert.executeBatch();
            }
            c.commit();
            return written;
        }
    }

    /**
     * What the offered load got back. A POST without an answer within the client's 60 s, or answered with anything but
     * 201 (a 503 under overload), is counted and reported as a figure — a stall the benchmark survives — not thrown.
     */
    record Offered(double rate, int created, int refused, int unanswered, long slowestMillis, int shed, long slowestShedMillis) {
        String stalls() {
            return String.format(Locale.ROOT, "POSTs: %d created, %d refused (of which %d shed: 503 with Retry-After, slowest in %d ms),"
                    + " %d without an answer within 60 s; slowest answer %d ms", created, refused, shed, slowestShedMillis, unanswered,
                    slowestMillis);
        }
    }

    /** Posts {@code rate × seconds} tasks for {@code unit}, one every 1/rate s. */
    private static Offered offer(ServiceProcess taskService, UUID unit, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        String token = Tokens.supervisor();
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch allSent = new CountDownLatch(1);
        List<CompletableFuture<Long>> responses = new ArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger shed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong slowestShed = new java.util.concurrent.atomic.AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i < total) {
                long at = System.nanoTime();
                synchronized (responses) {
                    responses.add(HTTP.sendAsync(post(taskService, unit, i, token), HttpResponse.BodyHandlers.ofString())
                            .handle((response, error) -> {
                                if (error != null) {
                                    unanswered.incrementAndGet();
                                } else if (response.statusCode() != 201) {
                                    refused.incrementAndGet();
                                    if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                                        // load shedding (platform http/): refused at once, the client may come back
                                        shed.incrementAndGet();
                                        slowestShed.accumulateAndGet((System.nanoTime() - at) / 1_000_000, Math::max);
                                    }
                                }
                                return (System.nanoTime() - at) / 1_000_000;
                            }));
                }
            } else {
                allSent.countDown();
            }
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        allSent.await();
        ticker.shutdown();
        double offered = total / ((System.nanoTime() - started) / 1e9);
        long slowest = 0;
        synchronized (responses) {
            for (var r : responses) {
                slowest = Math.max(slowest, r.join());
            }
        }
        return new Offered(offered, total - refused.get() - unanswered.get(), refused.get(), unanswered.get(), slowest, shed.get(),
                slowestShed.get());
    }

    /** The latency figures of the events written for {@code unit}. */
    private static void report(PostgresServer pg, UUID unit, int total, double offered, String label) throws Exception {
        Map<UUID, Instant> written = new HashMap<>();
        Map<UUID, Instant> published = new HashMap<>();
        try (Connection c = pg.connect("duban_task");
                var s = c.prepareStatement("select id, occurred_at, published_at from outbox_event"
                        + " where type = 'duban.task.assigned.v1' and payload like ?")) {
            s.setString(1, "%" + unit + "%");
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                written.put(id, rs.getTimestamp(2).toInstant());
                published.put(id, rs.getTimestamp(3).toInstant());
            }
        }
        long[] micros = new long[total];
        long[] relay = new long[total];
        long[] consumer = new long[total];
        Instant[] writtenAt = new Instant[total];
        int n = 0;
        try (Connection c = pg.connect("duban_notification");
                var s = c.prepareStatement("select event_id, created_at from inbox_entry where unit_id = ?")) {
            s.setObject(1, unit);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                UUID id = rs.getObject(1, UUID.class);
                Instant in = rs.getTimestamp(2).toInstant();
                writtenAt[n] = written.get(id);
                micros[n] = Duration.between(written.get(id), in).toNanos() / 1000;
                relay[n] = Duration.between(written.get(id), published.get(id)).toNanos() / 1000;
                consumer[n++] = Duration.between(published.get(id), in).toNanos() / 1000;
            }
        }
        if (n == 0) {
            System.out.printf(Locale.ROOT, "latency TaskAssigned -> inbox at %.0f/s offered, %s: no event of the measured window"
                    + " reached the inbox (every POST refused or stalled, see below)%n", offered, label);
            return;
        }
        // fewer than offered when POSTs were refused or stalled (reported apart): percentiles of the events there are
        micros = Arrays.copyOf(micros, n);
        relay = Arrays.copyOf(relay, n);
        consumer = Arrays.copyOf(consumer, n);
        System.out.printf(Locale.ROOT, "latency TaskAssigned -> inbox at %.0f/s offered (%d events), %s: p50 %.1f ms, p99 %.1f ms"
                + " (outbox row -> marked published: p50 %.1f ms, p99 %.1f ms; marked published -> inbox entry: p50 %.1f ms,"
                + " p99 %.1f ms)%n",
                offered, n, label, Yardsticks.percentile(micros, 50) / 1000.0, Yardsticks.percentile(micros, 99) / 1000.0,
                Yardsticks.percentile(relay, 50) / 1000.0, Yardsticks.percentile(relay, 99) / 1000.0,
                Yardsticks.percentile(consumer, 50) / 1000.0, Yardsticks.percentile(consumer, 99) / 1000.0);
        System.out.println("  slowest 1 %, by when they were written: " + slowest(writtenAt, micros, n));
    }

    /**
     * When the events slower than the p99 were written, as windows of seconds since the run's first event (a gap of
     * more than a second starts a new window): one or two short windows mean the tail is a stall (a pause, a periodic
     * job), windows spread over the run mean queueing.
     */
    private static String slowest(Instant[] writtenAt, long[] micros, int n) {
        double p99 = Yardsticks.percentile(micros, 99);
        Instant first = Arrays.stream(writtenAt, 0, n).min(Instant::compareTo).orElseThrow();
        List<double[]> slow = new ArrayList<>(); // {seconds since first, latency ms}
        for (int i = 0; i < n; i++) {
            if (micros[i] >= p99) {
                slow.add(new double[] {Duration.between(first, writtenAt[i]).toNanos() / 1e9, micros[i] / 1000.0});
            }
        }
        slow.sort(Comparator.comparingDouble(e -> e[0]));
        StringBuilder windows = new StringBuilder();
        int from = 0;
        for (int i = 1; i <= slow.size(); i++) {
            if (i == slow.size() || slow.get(i)[0] - slow.get(i - 1)[0] > 1.0) {
                double worst = slow.subList(from, i).stream().mapToDouble(e -> e[1]).max().orElse(0);
                windows.append(String.format(Locale.ROOT, "%s%.1f–%.1f s (%d events, worst %.0f ms)", windows.isEmpty() ? "" : "; ",
                        slow.get(from)[0], slow.get(i - 1)[0], i - from, worst));
                from = i;
            }
        }
        return windows.toString();
    }

    /**
     * A unit as unit-service announces it (its snapshot on the unit topic), once notification-service's replica has it:
     * work is assigned to registered units, and a unit the replica has never heard of costs extra lookups per notice.
     * It has no contacts, so each notice is an inbox entry plus an "undeliverable" row — no mail or webhook traffic.
     */
    private static UUID registeredUnit(TestSystem system, PostgresServer pg, String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(system.kafka.bootstrapServers(), UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> notificationRows(pg, "select count(*) from unit_replica where id = ?", unit) == 1);
        return unit;
    }

    private static void postConcurrently(ServiceProcess taskService, UUID unit, int count, int inFlight) throws Exception {
        String token = Tokens.supervisor();
        List<CompletableFuture<HttpResponse<String>>> window = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            window.add(HTTP.sendAsync(post(taskService, unit, i, token), HttpResponse.BodyHandlers.ofString()));
            if (window.size() == inFlight) {
                for (var r : window) {
                    requireCreated(r.join());
                }
                window.clear();
            }
        }
        for (var r : window) {
            requireCreated(r.join());
        }
    }

    private static HttpRequest post(ServiceProcess taskService, UUID unit, int i, String token) {
        return HttpRequest.newBuilder(taskService.uri("/api/tasks")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"基准任务-" + i + "\", \"assignments\": [{\"unitId\": \""
                        + unit + "\", \"role\": \"LEAD\"}]}"))
                .build();
    }

    private static void requireCreated(HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/tasks answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void awaitInbox(PostgresServer pg, UUID unit, int expected) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> notificationRows(pg, "select count(*) from inbox_entry where unit_id = ?", unit) >= expected);
    }

    /** A count in notification-service's database for one unit. */
    private static int notificationRows(PostgresServer pg, String countQuery, UUID unit) throws Exception {
        try (Connection c = pg.connect("duban_notification"); var s = c.prepareStatement(countQuery)) {
            s.setObject(1, unit);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<String, String> with(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(SERVICE_ENV);
        all.putAll(variables);
        return all;
    }

    private static Map<String, String> serviceEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("DUBAN_DEADLINE_SWEEP_INTERVAL", "60s");
        for (String pair : System.getenv().getOrDefault("DUBAN_BENCH_SERVICE_ENV", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return env;
    }

    /** Inbox entries per second from entry {@code from} to the last. */
    private static double rate(List<Instant> arrivals, int from) {
        Duration span = Duration.between(arrivals.get(from), arrivals.get(arrivals.size() - 1));
        return (arrivals.size() - 1 - from) / (span.toNanos() / 1e9);
    }

    private static List<Instant> arrivals(PostgresServer pg, UUID unit) throws Exception {
        List<Instant> at = new ArrayList<>();
        try (Connection c = pg.connect("duban_notification");
                var s = c.prepareStatement("select created_at from inbox_entry where unit_id = ? order by created_at")) {
            s.setObject(1, unit);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                Timestamp t = rs.getTimestamp(1);
                at.add(t.toInstant());
            }
        }
        return at;
    }
}
