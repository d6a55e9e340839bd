package org.duban.platform.schema;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import org.duban.platform.outbox.OutboxRelay;

/**
 * Runs the Flyway migrations at start-up. If PostgreSQL is unreachable the service still starts, reports
 * not-ready on {@code /q/health/ready} with the reason, and tries again until it succeeds — instead of
 * exiting and crash-looping with the cause buried in a log. The outbox relay starts once the schema is in.
 */
@Readiness
@ApplicationScoped
public class SchemaMigration implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    @Inject
    Flyway flyway;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "duban.schema.retry-interval", defaultValue = "PT5S")
    Duration retryInterval;

    private volatile boolean migrated;
    private volatile String lastError = "not attempted yet";
    private ScheduledExecutorService retries;

    void onStart(@Observes StartupEvent ignored) {
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
            }, retryInterval.toMillis(), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
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
            relay.start();
            return true;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            lastError = root.getMessage();
            LOG.errorf("database schema migration failed, retrying every %s: %s", retryInterval, lastError);
            return false;
        }
    }

    public boolean isMigrated() {
        return migrated;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database schema").status(migrated);
        if (!migrated) {
            response.withData("error", String.valueOf(lastError));
        }
        return response.build();
    }
}
