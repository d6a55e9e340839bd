package org.duban.platform.outbox;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox relay's health. Liveness "outbox relay": down when its thread is dead (between an Error and its restart,
 * or for good) or its loop has not gone round for {@code duban.outbox.stall-after} (default 5 min: a pass waits at most
 * a minute per unacknowledged row). Readiness "outbox parked rows": up, with a warning naming how many rows are parked
 * (an operator must retry or discard them; the service itself works).
 */
@ApplicationScoped
public class RelayHealth {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Produces
    @Liveness
    HealthCheck liveness() {
        return () -> {
            OutboxRelay.State state = relay.state();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox relay").up();
            if (!state.enabled()) {
                return response.withData("relay", "disabled (duban.outbox.enabled=false)").build();
            }
            Duration since = Duration.between(state.lastBeat(), Instant.now());
            response.withData("last pass", state.lastBeat().toString());
            if (state.lastDeath() != null) {
                response.withData("last died of", String.valueOf(state.lastDeath()));
            }
            if (!state.alive()) {
                response.down().withData("error", "the relay's thread is dead");
            } else if (since.compareTo(config.stallAfter()) > 0) {
                response.down().withData("error", "the relay has not gone round for " + since.toSeconds() + " s");
            }
            return response.build();
        };
    }

    @Produces
    @Readiness
    HealthCheck parkedRows() {
        return () -> {
            long parked = relay.state().parked();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox parked rows").up().withData("parked", parked);
            if (parked > 0) {
                response.withData("warning", parked + " outbox row(s) refused by the broker are parked, and later rows of"
                        + " their keys wait behind them: retry or discard them (GET /api/admin/outbox/parked)");
            }
            return response.build();
        };
    }
}
