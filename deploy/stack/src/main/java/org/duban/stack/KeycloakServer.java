package org.duban.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.duban.infra.InfraException;
import org.duban.infra.Ports;

/**
 * A real Keycloak in dev mode from the distribution zip Maven Central publishes
 * ({@code org.keycloak:keycloak-quarkus-dist:<version>:zip}), unpacked once into the data directory. Its H2
 * database lives there too, so users and sessions survive restarts. The realm file is imported on the first
 * start only ({@code --import-realm} skips a realm that exists): delete the Keycloak directory to re-import.
 *
 * <p>This class never downloads: deploy/run-local.sh fetches the zip with Maven.
 */
public final class KeycloakServer extends Component {

    public static final String REALM = "duban";

    private final Path home;
    private final Path zip;
    private final int port;
    private final Path realmFile;
    private final Path log;
    private final Path pidFile;

    /**
     * @param home where the distribution is (or will be) unpacked, e.g. {@code <data>/keycloak/keycloak-26.7.3}
     * @param zip the distribution zip, only needed until it is unpacked
     */
    public KeycloakServer(Path home, Path zip, int port, Path realmFile, Path log, Path pidFile) {
        super(Duration.ofSeconds(30));
        this.home = home.toAbsolutePath().normalize();
        this.zip = zip.toAbsolutePath().normalize();
        this.port = port;
        this.realmFile = realmFile.toAbsolutePath().normalize();
        this.log = log;
        this.pidFile = pidFile;
    }

    /** Checks, before anything starts, that Keycloak can be installed and started. */
    public void preflight() {
        if (!Files.isRegularFile(realmFile)) {
            throw new InfraException("the realm file " + realmFile + " is missing");
        }
        if (!isInstalled() && !Files.isRegularFile(zip)) {
            throw new InfraException("Keycloak is not installed in " + home + " and its distribution zip " + zip
                    + " is missing. deploy/run-local.sh fetches it; by hand: ./mvnw -N dependency:copy"
                    + " -Dartifact=org.keycloak:keycloak-quarkus-dist:<version>:zip -DoutputDirectory=" + zip.getParent());
        }
        Ports.requireFree(port, "Keycloak");
    }

    public synchronized KeycloakServer start() {
        preflight();
        install();
        try {
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            Files.copy(realmFile, importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new InfraException("cannot copy the realm file into " + home + ": " + e.getMessage(), e);
        }
        List<String> command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // a fixed issuer, whether a token is fetched through localhost or 127.0.0.1
                "--hostname=http://127.0.0.1:" + port,
                "--import-realm");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword());
        process = ChildProcess.start("Keycloak", command, env, log, pidFile, home.toString());
        return this;
    }

    /** The admin console user of the master realm (created on the first start only). */
    public static String adminUser() {
        return System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    }

    public static String adminPassword() {
        return System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    }

    public boolean isInstalled() {
        return Files.isRegularFile(home.resolve("bin/kc.sh"));
    }

    /** Unpacks the zip once; a half-unpacked directory never becomes {@code home}. */
    private void install() {
        if (isInstalled()) {
            return;
        }
        System.out.println("Unpacking Keycloak from " + zip + " into " + home.getParent() + " (once)");
        Path staging = null;
        try {
            Files.createDirectories(home.getParent());
            staging = Files.createTempDirectory(home.getParent(), "unpack-");
            unzip(zip, staging);
            // The zip holds one top-level directory, keycloak-<version>.
            Path top;
            try (var entries = Files.list(staging)) {
                top = entries.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new InfraException("unexpected layout of " + zip + ": no top-level directory"));
            }
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InfraException("cannot unpack " + zip + " into " + home + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
        if (!isInstalled()) {
            throw new InfraException(zip + " did not contain bin/kc.sh");
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new InfraException("unsafe path in " + zip + ": " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                if (entry.getName().endsWith(".sh")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // leftovers of a failed unpack are harmless
        }
    }

    @Override
    public String name() {
        return "Keycloak";
    }

    public int port() {
        return port;
    }

    /** The issuer and {@code quarkus.oidc.auth-server-url} of the realm. */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public String adminConsoleUrl() {
        return "http://127.0.0.1:" + port + "/admin/master/console/#/" + REALM;
    }

    /** Ready once the realm is imported and its discovery document is served. */
    @Override
    public boolean probeReady() {
        return Http.status(URI.create(realmUrl() + "/.well-known/openid-configuration")) == 200;
    }


    public Path log() {
        return log;
    }


}
