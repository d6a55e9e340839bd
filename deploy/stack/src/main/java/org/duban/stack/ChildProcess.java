package org.duban.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.duban.infra.InfraException;

/**
 * An operating-system process the stack started: its output goes to a log file, and stopping it stops the
 * whole process tree (SIGTERM, then SIGKILL after a grace period).
 *
 * <p>With a pid file, a process left over by a launcher that was killed hard (SIGKILL, so no shutdown hook ran) is
 * recognised on the next start by its command line and stopped first.
 */
final class ChildProcess {

    private final String name;
    private final Path log;
    private final Path pidFile;
    private final Process process;

    private ChildProcess(String name, Path log, Path pidFile, Process process) {
        this.name = name;
        this.log = log;
        this.pidFile = pidFile;
        this.process = process;
    }

    /**
     * Starts {@code command}, appending its output to {@code log}. {@code pidFile} may be null; {@code marker} is a
     * string unique to this kind of process (e.g. its jar path) used to recognise a leftover one.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log,
            Path pidFile, String marker) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            if (pidFile != null) {
                stopLeftover(name, pidFile, marker);
            }
            Files.writeString(log, "---- " + java.time.OffsetDateTime.now() + " " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (pidFile != null) {
                Files.writeString(pidFile, Long.toString(process.pid()));
            }
            return new ChildProcess(name, log, pidFile, process);
        } catch (IOException e) {
            throw new InfraException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Throws with the end of the log if the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new InfraException(name + " exited with code " + process.exitValue() + "; its log " + log
                    + " ends with:\n" + tail(log, 25));
        }
    }

    /** Resident memory of the process (and its children, e.g. kc.sh's JVM) in KiB, 0 if unknown. */
    long rssKiB() {
        long total = rssKiB(process.pid());
        for (ProcessHandle child : process.descendants().toList()) {
            total += rssKiB(child.pid());
        }
        return total;
    }

    /** SIGKILL, no shutdown: what a crash looks like (fault tests). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the tree, SIGKILL to whatever is still alive after {@code grace}. Idempotent. */
    void stop(Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            for (ProcessHandle h : tree) {
                long left = Math.max(0, deadline - System.nanoTime());
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            }
        } catch (Exception timedOutOrInterrupted) {
            // fall through to the forcible stop
        }
        if (process.isAlive() || tree.stream().anyMatch(ProcessHandle::isAlive)) {
            System.err.println(name + " did not stop within " + grace.toSeconds() + " s: killing it");
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // a stale pid file is harmless: the command line is checked before it is trusted
            }
        }
    }

    /**
     * Stops the process named in {@code pidFile} (its first line) if it is alive and its command line contains
     * {@code marker}: a leftover of a launcher killed without running its shutdown hook.
     */
    static void stopLeftover(String name, Path pidFile, String marker) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover;
        try {
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            leftover = ProcessHandle.of(Long.parseLong(firstLine));
        } catch (NumberFormatException e) {
            leftover = Optional.empty();
        }
        Optional<ProcessHandle> ours = leftover.filter(ProcessHandle::isAlive)
                .filter(h -> commandLine(h.pid()).contains(marker));
        if (ours.isPresent()) {
            ProcessHandle h = ours.get();
            System.out.println("Stopping " + name + " left over from an earlier run (pid " + h.pid() + ")");
            List<ProcessHandle> tree = h.descendants().toList();
            h.destroy();
            tree.forEach(ProcessHandle::destroy);
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** The full command line from /proc (ProcessHandle.Info truncates it on Linux). */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
