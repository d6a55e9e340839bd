package org.duban.platform.schema;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the Flyway migrations at start-up. If PostgreSQL is unreachable the service still starts, reports
 * not-ready on {@code /q/health/ready} with the reason, and tries again until it succeeds — instead of
 * exiting and crash-looping with the cause buried in a log. The outbox relay waits for it.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    @Inject
    Flyway flyway;

    @Inject
    SchemaConfig config;

    private volatile boolean migrated;
    private volatile String lastError = "not attempted yet";
    private ScheduledExecutorService retries;

    /** Early among start-up observers, so consumers find their tables. */
    void onStart(@Observes @Priority(1) StartupEvent ignored) {
        if (!tryMigrate()) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "schema-migration-retry");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(() -> {
                if (tryMigrate()) {
                    retries.shutdown();
                }
            }, config.retryInterval().toMillis(), config.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent ignored) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private synchronized boolean tryMigrate() {
        if (migrated) {
            return true;
        }
        try {
            flyway.migrate();
            migrated = true;
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            lastError = root.getMessage();
            LOG.errorf("database schema migration failed, retrying every %s: %s", config.retryInterval(), lastError);
            return false;
        }
    }

    public boolean isMigrated() {
        return migrated;
    }

    /** Why the schema is not in yet, or null once it is. */
    public String lastError() {
        return lastError;
    }
}
