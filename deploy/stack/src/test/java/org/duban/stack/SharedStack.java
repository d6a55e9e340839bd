package org.duban.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Settings;
import org.duban.testing.SeedDocuments;

/**
 * The stack the system tests annotated {@link UsesSharedStack} share in one failsafe JVM (SystemIT, ProvinceLinkIT,
 * AttackMatrixIT, GeneratedClientsIT): one {@link TestSystem} (PostgreSQL, Kafka, the OIDC stub), the province stand-in
 * and the five packaged services, province-gateway wired to the stand-in as {@link ProvinceWiring} wires it. Started by
 * the first class that needs it ({@link SharedStackExtension}), stopped after the last one (or at the end of the run).
 *
 * <p>Each test owns its data: its own units, tasks and plan imports ({@link #countyNotice}), counted on its own ids,
 * so the order of the classes does not matter. A test that kills a service starts its successor through
 * {@link #restartGateway} (the others read the current process through {@link #service}).
 */
public final class SharedStack implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** The county notice's own document number; each {@link #countyNotice copy} gets another. */
    static final String NOTICE_NUMBER = "中县政务公开办发〔2021〕8号";
    /** The provincial documents the notice's annexes cite, as the province stand-in issues them. */
    static final List<String> PROVINCIAL_DOCUMENTS = List.of("湖南省2021年政务管理服务工作要点", "湖南省2021年政务公开工作要点");
    private static final AtomicInteger COPIES = new AtomicInteger(800);
    /**
     * A 10 s consumer session (as FaultSuite's), so a group gives a killed member's partitions away after 10 s, not
     * Kafka's default 45 s: ProvinceLinkIT kills the gateway, SystemIT a task-service beside the shared one, and the
     * successor (or the shared process) gets the partitions back that much sooner.
     */
    static final Map<String, String> KAFKA_SESSION = Map.of("JAVA_TOOL_OPTIONS",
            "-Dmp.messaging.connector.smallrye-kafka.session.timeout.ms=10000"
                    + " -Dmp.messaging.connector.smallrye-kafka.heartbeat.interval.ms=1000");

    public final TestSystem system;
    public final ProvinceSim province;
    /** JDBC URL of each service's database, by service name. */
    private final Map<String, String> databases = new HashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private boolean closed;

    private SharedStack() {
        system = TestSystem.start();
        ProvinceSim sim = null;
        try {
            sim = ProvinceSim.start(Settings.builder().build());
            province = sim;
            long started = System.nanoTime();
            // every process is launched before any is awaited: they start side by side (a port is known before its start)
            for (ServiceDefinition s : ServiceDefinition.ALL) {
                databases.put(s.name(), system.postgres.createDatabase(s.database()));
            }
            for (ServiceDefinition s : ServiceDefinition.ALL) {
                Map<String, String> extra = new HashMap<>(KAFKA_SESSION);
                if (s.name().equals("task-service")) {
                    // task-service's plan importer asks unit-service to resolve the unit names of a document
                    extra.put("DUBAN_IMPORTER_UNIT_SERVICE_URL", services.get("unit-service").uri("").toString());
                }
                ServiceProcess process = s.name().equals("province-gateway") ? gateway()
                        : system.service(s, databases.get(s.name()), system.kafka.bootstrapServers(), extra);
                services.put(s.name(), process.start());
            }
            services.values().forEach(s -> s.awaitReady(START_TIMEOUT));
            province.gatewayUrl(services.get("province-gateway").uri(""));
            System.out.printf(Locale.ROOT, "SharedStack: five services ready %.1f s after the first was launched%n",
                    (System.nanoTime() - started) / 1e9);
            for (ServiceProcess s : services.values()) {
                System.out.printf(Locale.ROOT, "SharedStack: %-22s ready in %5.1f s, RSS %d MiB%n", s.name(),
                        s.startupTime().toMillis() / 1000.0, s.rssKiB() / 1024);
            }
        } catch (RuntimeException | Error e) {
            stopAll(sim);
            throw e;
        }
    }

    static SharedStack start() {
        return new SharedStack();
    }

    /** A province-gateway process (not yet started) on the gateway's database, wired to the province stand-in. */
    private ServiceProcess gateway() {
        return ProvinceWiring.gateway(system, databases.get("province-gateway"), province, KAFKA_SESSION);
    }

    /** The service's current process. */
    public synchronized ServiceProcess service(String name) {
        ServiceProcess s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no service " + name + " in the shared stack");
        }
        return s;
    }

    /** The five current processes, in {@link ServiceDefinition#ALL}'s order. */
    public synchronized Collection<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public URI uri(String service, String path) {
        return service(service).uri(path);
    }

    /** The JDBC URL of a service's database. */
    public String database(String service) {
        return databases.get(service);
    }

    /**
     * After the gateway was killed: a new gateway process on the same database, ready, and the province stand-in
     * pointed at it.
     */
    public ServiceProcess restartGateway() {
        ServiceProcess old = service("province-gateway");
        old.close();
        ServiceProcess restarted = gateway().start();
        synchronized (this) {
            services.put("province-gateway", restarted);
        }
        restarted.awaitReady(START_TIMEOUT);
        province.gatewayUrl(restarted.uri(""));
        return restarted;
    }

    /**
     * The county notice as a test's own document: its document number is another one for each copy, so task-service
     * imports it as a new plan (the same notice is otherwise answered as the plan imported before). With
     * {@code citesTheProvince} false the annexes cite no document the province stand-in issues (年度 in their titles),
     * so the copy's tasks are never linked to the provincial tasks ProvinceLinkIT's story completes; otherwise the
     * copy is the notice as it is but for the number.
     */
    public static String countyNotice(boolean citesTheProvince) {
        String notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE);
        if (!notice.contains(NOTICE_NUMBER)) {
            throw new IllegalStateException("the county notice no longer carries " + NOTICE_NUMBER);
        }
        notice = notice.replace(NOTICE_NUMBER, NOTICE_NUMBER.replace("8号", COPIES.incrementAndGet() + "号"));
        if (!citesTheProvince) {
            for (String document : PROVINCIAL_DOCUMENTS) {
                notice = notice.replace(document, document.replace("2021年", "2021年度"));
            }
        }
        return notice;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            stopAll(province);
        }
    }

    /**
     * The services are killed (SIGKILL), not stopped: nothing is checked after the last test, and a graceful stop can
     * wait the whole 20 s grace (a consumer holding its record while the service stops keeps a thread of the pool busy).
     */
    private void stopAll(ProvinceSim sim) {
        CompletableFuture.allOf(services.values().stream().map(s -> CompletableFuture.runAsync(s::kill))
                .toArray(CompletableFuture[]::new)).join();
        if (sim != null) {
            sim.close();
        }
        system.close();
    }
}
