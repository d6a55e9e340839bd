package org.duban.platform.inbox;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The service is stopping (SIGTERM, a rolling restart). While it stops, the database pool and the persistence unit close
 * under the consumers' feet: a record in flight then fails with "EntityManagerFactory is closed", which says nothing about
 * the event, yet would be dead-lettered and its offset committed — the event lost (the fault suite saw it). So from the
 * first moment of shutdown a failure is no verdict: {@link #hold} keeps the worker thread, without acknowledging or
 * dead-lettering, until the process ends; the record is read again after the restart (idempotent, as always).
 */
@ApplicationScoped
public class Stopping {

    private static final Logger LOG = Logger.getLogger(Stopping.class);

    /** Longer than any shutdown: a safety bound, not a timing. */
    private static final Duration BOUND = Duration.ofMinutes(10);

    private static volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Whether shutdown has begun. */
    public static boolean now() {
        return stopping;
    }

    /** Test switch: a shutdown that begins and (only in tests) is called off. */
    static void set(boolean value) {
        stopping = value;
    }

    /**
     * Holds the calling worker for as long as the service is stopping (until the process ends): returns only if the stop
     * is called off (tests) or after the safety bound. What failed is then handled as usual.
     */
    static void hold(String consumer, Throwable failure) {
        LOG.infof("consumer %s holds its record while the service stops (not dead-lettered, not acknowledged): %s", consumer,
                failure.getMessage());
        long until = System.nanoTime() + BOUND.toNanos();
        while (stopping && System.nanoTime() < until) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
