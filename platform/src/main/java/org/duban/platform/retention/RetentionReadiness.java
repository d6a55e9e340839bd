package org.duban.platform.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** "retention": up; warns when the dedupe window is not longer than a consumed topic's retention (see {@link Retention}). */
@Readiness
@ApplicationScoped
public class RetentionReadiness implements HealthCheck {

    @Inject
    Retention retention;

    @Inject
    RetentionConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("retention").up()
                .withData("outbox", config.outbox().toString())
                .withData("processed-events", config.processedEvents().toString());
        retention.windowHolds().ifPresentOrElse(holds -> {
            if (!holds) {
                response.withData("warning", "processed-event rows are not purged: the dedupe window must be longer than"
                        + " every consumed topic's retention: " + retention.windowProblem());
            }
        }, () -> response.withData("dedupe window", "not checked yet"));
        return response.build();
    }
}
