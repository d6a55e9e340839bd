package org.duban.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.duban.infra.InfraException;

/**
 * Where things are and which ports they use. Every value has a default and can be overridden from the
 * environment: DUBAN_DATA_DIR, DUBAN_PG_PORT, DUBAN_KAFKA_PORT, DUBAN_KEYCLOAK_PORT, DUBAN_UNIT_PORT,
 * DUBAN_TASK_PORT, DUBAN_SUPERVISION_PORT, DUBAN_NOTIFICATION_PORT, DUBAN_WEB_PORT, DUBAN_SERVICE_JAVA_OPTS.
 * The repository root comes from the system property {@code duban.home} (default: the working directory).
 */
public record StackSettings(Path repoRoot, Path dataDir, int postgresPort, int kafkaPort, int keycloakPort,
        int provinceSimPort, int webPort, Map<ServiceDefinition, Integer> servicePorts, String keycloakVersion, List<String> serviceJvmOptions) {

    static final String DEFAULT_SERVICE_JVM_OPTIONS =
            // measured in BENCHMARKS.md: idle RSS 266 → 190 MiB, ready 4.3 → 3.3 s (C1 only: fine at county scale)
            "-Xmx128m -Xms32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss512k -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m";

    public static StackSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path repo = Path.of(System.getProperty("duban.home", ".")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(repo.resolve("deploy/keycloak/duban-realm.json"))) {
            throw new InfraException(repo + " is not the Duban repository root (no deploy/keycloak/duban-realm.json): "
                    + "run from the root or pass -Dduban.home=<root>");
        }
        Path data = env.containsKey("DUBAN_DATA_DIR") ? Path.of(env.get("DUBAN_DATA_DIR")).toAbsolutePath().normalize()
                : repo.resolve("deploy/.data");
        Map<ServiceDefinition, Integer> ports = new LinkedHashMap<>();
        for (ServiceDefinition s : ServiceDefinition.ALL) {
            ports.put(s, port(env, s.portVariable(), s.defaultPort()));
        }
        String jvm = env.getOrDefault("DUBAN_SERVICE_JAVA_OPTS", DEFAULT_SERVICE_JVM_OPTIONS).trim();
        return new StackSettings(repo, data,
                port(env, "DUBAN_PG_PORT", 15432),
                port(env, "DUBAN_KAFKA_PORT", 9092),
                port(env, "DUBAN_KEYCLOAK_PORT", 8180),
                port(env, "DUBAN_PROVINCE_SIM_PORT", 8190),
                port(env, ServiceDefinition.WEB.portVariable(), ServiceDefinition.WEB.defaultPort()),
                Map.copyOf(ports),
                bundledKeycloakVersion(),
                jvm.isEmpty() ? List.of() : Arrays.asList(jvm.split("\\s+")));
    }

    public int port(ServiceDefinition service) {
        return servicePorts.get(service);
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public Path keycloakHome() {
        return dataDir.resolve("keycloak").resolve("keycloak-" + keycloakVersion);
    }

    /** Where deploy/run-local.sh puts the distribution zip. */
    public Path keycloakZip() {
        return dataDir.resolve("downloads").resolve("keycloak-quarkus-dist-" + keycloakVersion + ".zip");
    }

    public Path realmFile() {
        return repoRoot.resolve("deploy/keycloak/duban-realm.json");
    }

    private static int port(Map<String, String> env, String variable, int defaultPort) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new InfraException(variable + "=" + value + " is not a port number");
        }
    }

    private static String bundledKeycloakVersion() {
        try (InputStream in = StackSettings.class.getResourceAsStream("stack.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("keycloak.version");
        } catch (IOException | NullPointerException e) {
            throw new InfraException("stack.properties is missing from the launcher's classpath: rebuild deploy/stack", e);
        }
    }
}
