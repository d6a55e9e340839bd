package org.duban.stack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU time a process has used so far, read from Linux's {@code /proc} in clock ticks (1/100 s): all of it, and the
 * part its JIT compiler threads ({@code C1/C2 CompilerThread}) used. Two samples around a measured window tell whether
 * a JVM was still compiling its hot paths then (not yet steady) and how much of the machine each process took.
 * On a machine without {@code /proc} both are 0.
 */
record ProcessCpu(long ticks, long jitTicks) {

    /** USER_HZ: Linux reports CPU time in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessCpu of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long jit = 0;
        try (Stream<Path> threads = Files.list(proc.resolve("task"))) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (NoSuchFileException e) {
                    continue; // the thread ended between listing and reading
                }
                if (stat.contains("(C1 CompilerThre") || stat.contains("(C2 CompilerThre")) {
                    jit += ticks(stat);
                }
            }
            return new ProcessCpu(ticks(Files.readString(proc.resolve("stat"))), jit);
        } catch (IOException e) {
            return new ProcessCpu(0, 0); // not Linux, or the process is gone
        }
    }

    /** "0.62 cores (JIT 0.03)": the average share of one core used between {@code before} and this sample. */
    String since(ProcessCpu before, double seconds) {
        return String.format(Locale.ROOT, "%.2f cores (JIT %.2f)", (ticks - before.ticks) / TICKS_PER_SECOND / seconds,
                (jitTicks - before.jitTicks) / TICKS_PER_SECOND / seconds);
    }

    /** utime + stime: fields 14 and 15 of a stat line, counted after the command name in parentheses. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
