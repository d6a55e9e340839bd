package org.duban.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.duban.infra.KafkaBroker;
import org.duban.infra.Ports;
import org.duban.infra.PostgresServer;
import org.duban.testing.Tokens;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * What the packaged services run against in the system tests ({@link SharedStack}, FaultSuiteIT's own) and the
 * benchmarks: a throw-away PostgreSQL, a Kafka broker and an OIDC provider serving real keys ({@link Tokens} mints
 * tokens it accepts). Services are wired exactly as the local stack wires them: through environment variables.
 */
public final class TestSystem implements AutoCloseable {

    /** Where the services' jars are built; -Dduban.home=<root> points elsewhere. */
    static final Path REPO = Path.of(System.getProperty("duban.home", ComposeFileTest.REPO.toString())).toAbsolutePath();
    static final Path LOGS = ComposeFileTest.MODULE.resolve("target/system-it");
    /** Tuned for quick starts in tests; -Dduban.service-jvm-options="…" replaces them (the benchmarks do). */
    static final List<String> JVM_OPTIONS = List.of(System.getProperty("duban.service-jvm-options",
            "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").trim().split("\\s+"));

    public final PostgresServer postgres;
    public final KafkaBroker kafka;
    private final OidcWiremockTestResource oidc;
    private final String oidcUrl;
    /** Every service process handed out, stopped with the system — also when its JVM is stopped (SIGTERM, a timeout). */
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private final Thread stopServicesAtExit = new Thread(this::stopServices, "test-system-services-stop");

    private TestSystem() {
        postgres = PostgresServer.startEphemeral();
        kafka = KafkaBroker.startEphemeral();
        oidc = new OidcWiremockTestResource();
        Map<String, String> oidcConfig = oidc.start();
        // The stub serves its realm "quarkus" under keycloak.url; its tokens name Tokens.ISSUER as their issuer.
        oidcUrl = oidcConfig.getOrDefault("quarkus.oidc.auth-server-url", oidcConfig.get("keycloak.url") + "/realms/quarkus");
        Runtime.getRuntime().addShutdownHook(stopServicesAtExit);
    }

    public static TestSystem start() {
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            if (!s.jar(REPO).toFile().isFile()) {
                throw new IllegalStateException(s.jar(REPO) + " is missing: the packaged services are run. Build them first, "
                        + "e.g. ./mvnw verify from the repository root, or ./mvnw -pl " + s.name() + " -am package -DskipTests");
            }
        }
        return new TestSystem();
    }

    public static ServiceDefinition definition(String name) {
        return ServiceDefinition.ALL.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    /** A service process (not yet started) on a free port; {@code extra} adds or overrides environment variables. */
    public ServiceProcess service(ServiceDefinition s, String jdbcUrl, String kafkaBootstrap, Map<String, String> extra) {
        return service(s, s.jar(REPO), jdbcUrl, kafkaBootstrap, extra);
    }

    /** The same, run from {@code jar} (e.g. a {@link #copyOfApplication copy}). */
    public ServiceProcess service(ServiceDefinition s, Path jar, String jdbcUrl, String kafkaBootstrap, Map<String, String> extra) {
        int port = Ports.free();
        Map<String, String> environment = new HashMap<>(ServiceProcess.environment(port, jdbcUrl,
                PostgresServer.SUPERUSER, "postgres", kafkaBootstrap, oidcUrl, Tokens.ISSUER));
        // the deadline watcher sweeps every second here, so a task due in the past is missed at once
        environment.put("DUBAN_DEADLINE_SWEEP_INTERVAL", "1s");
        environment.putAll(extra);
        ServiceProcess service = new ServiceProcess(s.name(), jar, port, environment, JVM_OPTIONS,
                LOGS.resolve(s.name() + "-" + port + ".log"), null);
        services.add(service);
        return service;
    }

    /**
     * Copies a service's packaged application ({@code <svc>/target/quarkus-app}) under {@code into} and returns its jar
     * there. A run that restarts services over several minutes (the fault suite) uses a copy: on a machine where other
     * builds run, {@code target/quarkus-app} can be rewritten meanwhile, and a JVM then loses classes it had not loaded yet.
     */
    public static Path copyOfApplication(ServiceDefinition s, Path into) {
        Path app = s.jar(REPO).getParent();
        Path copy = into.resolve(s.name()).resolve("quarkus-app");
        try {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(app)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(app.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + app + " to " + copy, e);
        }
        return copy.resolve("quarkus-run.jar");
    }

    private void stopServices() {
        services.forEach(ServiceProcess::close);
    }

    @Override
    public void close() {
        stopServices();
        Runtime.getRuntime().removeShutdownHook(stopServicesAtExit);
        oidc.stop();
        kafka.close();
        postgres.close();
    }
}
