package org.duban.platform.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * "event consumers": not ready while a consumer has been waiting on a transient failure (the database away, the pool
 * drained) for longer than {@code duban.inbox.not-ready-after} (default 5 s; a lost deadlock retried at once is no
 * news); names each waiting consumer, since when and why. Ready again by itself when the consumer resumes — it never
 * stopped, it waits (see {@link EventInbox}).
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    @Inject
    EventInbox inbox;

    @Inject
    InboxConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event consumers").up();
        Instant now = Instant.now();
        for (Map.Entry<String, EventInbox.Wait> wait : inbox.waiting().entrySet()) {
            Duration waited = Duration.between(wait.getValue().since(), now);
            response.withData(wait.getKey(), "waiting " + waited.toSeconds() + " s on a transient failure: "
                    + wait.getValue().reason());
            if (waited.compareTo(config.notReadyAfter()) > 0) {
                response.down();
            }
        }
        return response.build();
    }
}
