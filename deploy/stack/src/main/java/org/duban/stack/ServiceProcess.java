package org.duban.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duban.infra.InfraException;
import org.duban.infra.Ports;

/**
 * One Duban service run from its packaged jar ({@code java -jar <svc>/target/quarkus-app/quarkus-run.jar}) as a
 * child process, wired only through the environment variables the services read.
 */
public final class ServiceProcess extends Component {


    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path log;
    private final Path pidFile;
    private long startedAt;
    private Duration startupTime;

    /**
     * @param environment the wiring, see {@link #environment}
     * @param pidFile where to record the pid so a leftover process can be stopped next time; may be null
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> environment, List<String> jvmOptions,
            Path log, Path pidFile) {
        super(Duration.ofSeconds(20));
        this.name = name;
        this.jar = jar.toAbsolutePath().normalize();
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * The environment a service is wired with. {@code tokenIssuer} may be null (the issuer is then the one the
     * OIDC discovery document names).
     */
    public static Map<String, String> environment(int port, String jdbcUrl, String databaseUser, String databasePassword,
            String kafkaBootstrapServers, String oidcAuthServerUrl, String tokenIssuer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", databaseUser);
        env.put("QUARKUS_DATASOURCE_PASSWORD", databasePassword);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidcAuthServerUrl);
        if (tokenIssuer != null) {
            env.put("QUARKUS_OIDC_TOKEN_ISSUER", tokenIssuer);
        }
        return env;
    }

    /** Fails fast when the jar is missing: nothing is started then. */
    public static void requireJar(String name, Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new InfraException(name + " is not built: " + jar.toAbsolutePath().normalize() + " is missing. Build it with "
                    + "./mvnw -pl " + name + " -am package -DskipTests (deploy/run-local.sh does this).");
        }
    }

    public synchronized ServiceProcess start() {
        requireJar(name, jar);
        Ports.requireFree(port, name);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        startedAt = System.nanoTime();
        process = ChildProcess.start(name, command, environment, log, pidFile, jar.toString());
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Path log() {
        return log;
    }


    /** GET status of a path on this service, -1 when it does not answer. */
    public int status(String path) {
        return Http.status(uri(path));
    }

    @Override
    public boolean probeReady() {
        boolean ready = status("/q/health/ready") == 200;
        if (ready && startupTime == null) {
            startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        }
        return ready;
    }


    /** Polls until /q/health/ready answers 200; fails fast (with the log's end) if the process exits. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probeReady()) {
            requireAlive();
            if (System.nanoTime() > deadline) {
                throw new InfraException(name + " was not ready on " + uri("/q/health/ready") + " within "
                        + timeout.toSeconds() + " s; its log " + log + " ends with:\n" + ChildProcess.tail(log, 25));
            }
            sleep(250);
        }
    }

    /** From start to the first 200 on /q/health/ready; null until then. */
    public Duration startupTime() {
        return startupTime;
    }




    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while waiting", e);
        }
    }
}
