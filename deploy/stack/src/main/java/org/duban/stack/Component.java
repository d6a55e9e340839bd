package org.duban.stack;

import java.time.Duration;

import org.duban.infra.InfraException;

/** Something the stack started as a child process and waits for: Keycloak or a service. */
abstract class Component implements AutoCloseable {

    private final Duration stopGrace;
    /** Null until started. */
    protected ChildProcess process;

    protected Component(Duration stopGrace) {
        this.stopGrace = stopGrace;
    }

    public abstract String name();

    /** One readiness probe; false while it is still starting. */
    public abstract boolean probeReady();

    /** Throws, with the end of its log, when the process has exited (or never started). */
    public void requireAlive() {
        if (process == null) {
            throw new InfraException(name() + " was not started");
        }
        process.requireAlive();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's process id; throws when it was not started. */
    public long pid() {
        if (process == null) {
            throw new InfraException(name() + " was not started");
        }
        return process.pid();
    }

    /** Resident memory in KiB (VmRSS, with child processes), 0 when unknown. */
    public long rssKiB() {
        return process == null ? 0 : process.rssKiB();
    }

    /** Kills it with SIGKILL: no shutdown hook, no graceful stop (fault tests). */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.stop(stopGrace);
        }
    }
}
