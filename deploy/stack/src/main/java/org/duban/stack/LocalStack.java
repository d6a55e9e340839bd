package org.duban.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.duban.infra.InfraException;
import org.duban.infra.KafkaBroker;
import org.duban.infra.PostgresServer;
import org.duban.infra.Ports;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Settings;

/**
 * The whole of Duban on one machine with only a JDK: PostgreSQL (one database per service) and a Kafka KRaft
 * broker from deploy/infra, a real Keycloak with the duban realm, the five services and the web workspace as child
 * processes, and the province stand-in (deploy/province-sim) in this JVM, so a newcomer can play the provincial
 * platform.
 * Everything keeps its data under one directory, so a second start carries on where the first stopped. Ctrl-C
 * stops it all. Start it with deploy/run-local.sh.
 */
public final class LocalStack {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final StackSettings settings;
    private final long launchedAt = System.nanoTime();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;
    private ProvinceSim province;
    private ServiceProcess web;
    private final List<ServiceProcess> services = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    public LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        // Kafka's broker logs through slf4j-simple: only warnings and errors.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        LocalStack stack;
        try {
            stack = new LocalStack(StackSettings.fromEnvironment());
        } catch (InfraException e) {
            System.err.println("Duban local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "duban-stack-stop"));
        try {
            stack.start();
        } catch (InfraException e) {
            if (!stack.stopping) {
                System.err.println();
                System.err.println("Duban local stack cannot start: " + e.getMessage());
            }
            System.exit(1); // the shutdown hook stops whatever did start
        }
        stack.printSummary();
        stack.watch();
    }

    public void start() {
        keycloak = new KeycloakServer(settings.keycloakHome(), settings.keycloakZip(), settings.keycloakPort(),
                settings.realmFile(), settings.logDir().resolve("keycloak.log"), keycloakPidFile());
        preflight();
        try {
            Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new InfraException("cannot create " + settings.logDir() + ": " + e.getMessage(), e);
        }
        say("Data directory " + settings.dataDir());

        launch(() -> postgres = PostgresServer.startDurable(postgresDataDir(), settings.postgresPort()));
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            postgres.createDatabase(s.database());
        }
        say("PostgreSQL ready on 127.0.0.1:" + postgres.port() + " (log " + settings.dataDir().resolve("postgres/postgres.log") + ")");

        launch(() -> kafka = KafkaBroker.startDurable(settings.dataDir().resolve("kafka"), settings.kafkaPort()));
        say("Kafka ready on " + kafka.bootstrapServers());

        launch(keycloak::start);
        say("Keycloak starting on 127.0.0.1:" + keycloak.port() + " (log " + keycloak.log() + ")");

        ServiceDefinition gateway = definition("province-gateway");
        launch(() -> province = ProvinceSim.start(Settings.builder().port(settings.provinceSimPort()).controlApi(true)
                .gatewayUrl("http://127.0.0.1:" + settings.port(gateway)).build()));
        say("Province stand-in ready on " + province.baseUrl() + " (DEMO credentials)");

        // The services do not need Keycloak to start: quarkus-oidc fetches its keys when the first token arrives.
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            int port = settings.port(s);
            Map<String, String> environment = ServiceProcess.environment(port, postgres.jdbcUrl(s.database()),
                    PostgresServer.SUPERUSER, "postgres", kafka.bootstrapServers(), keycloak.realmUrl(), null);
            List<String> jvmOptions = new ArrayList<>(settings.serviceJvmOptions());
            environment.put("DUBAN_SWAGGER_UI", "true"); // the local stack is for trying the API: the links printed below work
            if (s.name().equals("task-service")) {
                // the plan importer resolves unit names at unit-service, wherever its port was moved to
                environment.put("DUBAN_IMPORTER_UNIT_SERVICE_URL", "http://127.0.0.1:" + settings.port(definition("unit-service")));
            }
            if (s.equals(gateway)) {
                jvmOptions.addAll(provinceLink(environment));
            }
            ServiceProcess service = new ServiceProcess(s.name(), s.jar(settings.repoRoot()), port, environment,
                    jvmOptions, settings.logDir().resolve(s.name() + ".log"),
                    settings.logDir().resolve(s.name() + ".pid"));
            launch(() -> services.add(service.start()));
            say(s.name() + " starting on 127.0.0.1:" + port + " (log " + service.log() + ")");
        }
        // The web workspace: logs in at Keycloak (client duban-web) and calls the services above.
        ServiceDefinition w = ServiceDefinition.WEB;
        web = new ServiceProcess(w.name(), w.jar(settings.repoRoot()), settings.webPort(),
                ServiceDefinition.webEnvironment(settings.webPort(), keycloak.realmUrl(),
                        name -> "http://127.0.0.1:" + settings.port(definition(name))),
                settings.serviceJvmOptions(), settings.logDir().resolve(w.name() + ".log"), settings.logDir().resolve(w.name() + ".pid"));
        launch(() -> services.add(web.start()));
        say("web starting on 127.0.0.1:" + settings.webPort() + " (log " + web.log() + ")");
        awaitAllReady();
    }

    private static ServiceDefinition definition(String name) {
        return ServiceDefinition.ALL.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * province-gateway wired to the stand-in with its DEMO credentials (never real ones): the county's own key in the
     * environment, the province's app registered as system properties (a map key with dashes has no environment
     * spelling). Returns the JVM options to add.
     */
    private List<String> provinceLink(Map<String, String> environment) {
        Settings demo = province.settings();
        environment.put("DUBAN_PROVINCE_OUTBOUND_URL", province.inboundUrl().toString());
        environment.put("DUBAN_PROVINCE_COUNTY_APP_KEY", demo.countyAppKey());
        environment.put("DUBAN_PROVINCE_COUNTY_SECRET", demo.countySecret());
        environment.put("DUBAN_PROVINCE_COUNTY_ORG", demo.countyOrg());
        String app = "-Dduban.province.apps." + demo.provinceAppKey();
        return List.of(app + ".method=HMAC-SM3", app + ".secret=" + demo.provinceSecret(), app + ".org=" + demo.provinceOrg());
    }

    /** Starts one part unless Ctrl-C came first: stop() then either waits for it or has already run. */
    private synchronized void launch(Runnable part) {
        if (stopping) {
            throw new InfraException("interrupted by shutdown");
        }
        part.run();
    }

    /** Everything that can be checked before starting anything: jars, Keycloak's zip, free ports. */
    private void preflight() {
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            ServiceProcess.requireJar(s.name(), s.jar(settings.repoRoot()));
        }
        ServiceProcess.requireJar(ServiceDefinition.WEB.name(), ServiceDefinition.WEB.jar(settings.repoRoot()));
        stopLeftovers();
        Set<Integer> seen = new LinkedHashSet<>();
        List<Integer> all = new ArrayList<>(List.of(settings.postgresPort(), settings.kafkaPort(), settings.keycloakPort(),
                settings.provinceSimPort(), settings.webPort()));
        all.addAll(settings.servicePorts().values());
        for (int port : all) {
            if (!seen.add(port)) {
                throw new InfraException("port " + port + " is configured twice; check the DUBAN_*_PORT variables");
            }
        }
        keycloak.preflight();
        Ports.requireFree(settings.postgresPort(), "PostgreSQL");
        Ports.requireFree(settings.kafkaPort(), "Kafka");
        Ports.requireFree(settings.provinceSimPort(), "the province stand-in");
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            Ports.requireFree(settings.port(s), s.name());
        }
        Ports.requireFree(settings.webPort(), "web");
    }

    /**
     * A launcher killed with SIGKILL leaves its children running and holding the ports: stop them, recognised
     * by pid file and command line (services first, PostgreSQL last).
     */
    private void stopLeftovers() {
        try {
            ServiceDefinition w = ServiceDefinition.WEB;
            ChildProcess.stopLeftover(w.name(), settings.logDir().resolve(w.name() + ".pid"), w.jar(settings.repoRoot()).toString());
            for (ServiceDefinition s : ServiceDefinition.ALL) {
                ChildProcess.stopLeftover(s.name(), settings.logDir().resolve(s.name() + ".pid"),
                        s.jar(settings.repoRoot()).toString());
            }
            ChildProcess.stopLeftover("Keycloak", keycloakPidFile(), settings.keycloakHome().toString());
            Path pgData = postgresDataDir();
            ChildProcess.stopLeftover("PostgreSQL", pgData.resolve("postmaster.pid"), pgData.toString());
        } catch (IOException e) {
            throw new InfraException("cannot check for processes left over from an earlier run: " + e.getMessage(), e);
        }
    }

    private Path postgresDataDir() {
        return settings.dataDir().resolve("postgres/data");
    }

    private Path keycloakPidFile() {
        return settings.dataDir().resolve("keycloak/keycloak.pid");
    }

    private void awaitAllReady() {
        List<Component> waiting = new ArrayList<>();
        waiting.add(keycloak);
        waiting.addAll(services);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!waiting.isEmpty()) {
            for (Component c : List.copyOf(waiting)) {
                if (c.probeReady()) {
                    waiting.remove(c);
                    say(c.name() + " ready");
                } else {
                    c.requireAlive();
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                throw new InfraException("not ready within " + START_TIMEOUT.toMinutes() + " min: "
                        + waiting.stream().map(Component::name).toList() + "; see their logs in " + settings.logDir());
            }
            ServiceProcess.sleep(250);
        }
    }

    private void printSummary() {
        String tokenUrl = keycloak.tokenUrl();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nDuban is up (%.1f s). Ctrl-C stops everything; data stays in %s%n%n",
                seconds(), settings.dataDir()));
        out.append("Services (every /api/** call needs a bearer token):\n");
        for (ServiceProcess s : services) {
            if (s == web) {
                continue; // printed below: it has pages, not an API
            }
            out.append(String.format(Locale.ROOT, "  %-22s %-24s Swagger UI %s   (ready in %.1f s, RSS %d MiB)%n",
                    s.name(), s.uri(""), s.uri("/q/swagger-ui"), s.startupTime().toMillis() / 1000.0, s.rssKiB() / 1024));
        }
        out.append(String.format(Locale.ROOT, "%nWeb        %s  — the workspace in the browser: log in as supervisor (督查室), leader or officer-zwfwzx"
                + " (县政务服务中心); passwords as for the tokens below%n", web.uri("/")));
        if (settings.webPort() != ServiceDefinition.WEB.defaultPort()) {
            out.append("           (the realm's duban-web client allows redirects to port 8080 only: add this port to its redirect URIs)\n");
        }
        out.append(String.format(Locale.ROOT, "Keycloak   %s  (admin console %s, user %s / %s; RSS %d MiB)%n",
                keycloak.realmUrl(), keycloak.adminConsoleUrl(), KeycloakServer.adminUser(), KeycloakServer.adminPassword(),
                keycloak.rssKiB() / 1024));
        out.append(String.format(Locale.ROOT, "PostgreSQL jdbc:postgresql://127.0.0.1:%d/<db>  user %s (trust)%n",
                postgres.port(), PostgresServer.SUPERUSER));
        out.append("Kafka      ").append(kafka.bootstrapServers()).append('\n');
        out.append("Province   ").append(province.baseUrl()).append(" — the provincial platform's stand-in (DEMO keys). Play the province:\n")
                .append("           curl -XPOST ").append(province.baseUrl()).append("/sim/issue-seed      # 下发 the 51 provincial tasks\n")
                .append("           curl -XPOST '").append(province.baseUrl()).append("/sim/urge/HN2021-ZWFW-06?reason=请加快进度'   # 催办\n")
                .append("           curl ").append(province.baseUrl()).append("/sim/received             # what the county sent\n");
        out.append("Logs       ").append(settings.logDir()).append("\n\n");

        out.append("Get a token (each demo user's password is Duban-<user name>-2026), then call a service:\n");
        for (DemoUser u : DemoUser.ALL) {
            out.append(String.format(Locale.ROOT, "  # %s — role %s%s%n", u.username(), u.role(),
                    u.unitId() == null ? ", " + u.description() : ", " + u.description() + ", unit_id " + u.unitId()));
            out.append(String.format(Locale.ROOT,
                    "  TOKEN=$(curl -s %s -d grant_type=password -d client_id=%s -d username=%s -d password=%s | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')%n",
                    tokenUrl, DemoUser.CLI_CLIENT, u.username(), u.password()));
        }
        out.append(String.format(Locale.ROOT, "  # %s — service account, role integration%n", DemoUser.INTEGRATION_CLIENT));
        out.append(String.format(Locale.ROOT,
                "  TOKEN=$(curl -s %s -d grant_type=client_credentials -d client_id=%s -d client_secret=%s | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')%n",
                tokenUrl, DemoUser.INTEGRATION_CLIENT, DemoUser.INTEGRATION_CLIENT_SECRET));
        out.append(String.format(Locale.ROOT, "  curl -H \"Authorization: Bearer $TOKEN\" %s%n",
                services.get(0).uri("/api/units")));
        System.out.print(out);
        System.out.flush();
    }

    /** Keeps the launcher alive and reports a service that dies; Ctrl-C ends it. */
    private void watch() {
        Set<String> reported = new LinkedHashSet<>();
        while (!stopping) {
            for (ServiceProcess s : services) {
                if (!s.isAlive() && reported.add(s.name())) {
                    System.err.println(s.name() + " has exited; see " + s.log());
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Services first (they hold connections), then Keycloak, Kafka and PostgreSQL. Idempotent. */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (postgres == null) {
            return; // nothing was started
        }
        say("Stopping");
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess s : services) {
            Thread t = new Thread(s::close, "stop-" + s.name());
            t.start();
            stoppers.add(t);
        }
        if (keycloak != null) {
            Thread t = new Thread(keycloak::close, "stop-keycloak");
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (province != null) {
            province.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        postgres.close();
        say("Stopped");
    }

    private double seconds() {
        return (System.nanoTime() - launchedAt) / 1e9;
    }

    private void say(String message) {
        System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", seconds(), message);
    }
}
