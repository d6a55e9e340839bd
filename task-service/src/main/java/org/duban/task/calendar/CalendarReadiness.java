package org.duban.task.calendar;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.platform.time.ClockProducer;
import org.duban.task.deadline.WorkingDays;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says where this year's working-day calendar comes from and, from {@code duban.calendar.warn-from} (1 December), next
 * year's: {@code "2027": "calendar not yet known"} until an admin enters it. Always UP: an unknown year makes working-day
 * deadlines count weekends only, which is a task for the admin, not a reason to take the service out of rotation.
 */
@Readiness
@ApplicationScoped
public class CalendarReadiness implements HealthCheck {

    public static final String NOT_KNOWN = "calendar not yet known";

    @Inject
    Clock clock;

    @Inject
    CalendarConfig config;

    @Inject
    CalendarOverrides overrides;

    @Override
    public HealthCheckResponse call() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ClockProducer.COUNTY_ZONE);
        int year = today.getYear();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("working-day calendar").up();
        response.withData(String.valueOf(year), describe(year));
        if (!today.isBefore(config.warnFrom().atYear(year))) {
            response.withData(String.valueOf(year + 1), describe(year + 1));
        }
        overrides.loadError().ifPresent(e -> response.withData("overrides", "not loaded: " + e));
        return response.build();
    }

    private static String describe(int year) {
        return switch (WorkingDays.china().source(year)) {
            case OVERRIDE -> "override";
            case LIBRARY -> "library (tyme4j)";
            case UNKNOWN -> NOT_KNOWN;
        };
    }
}
