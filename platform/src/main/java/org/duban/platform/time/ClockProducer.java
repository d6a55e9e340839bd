package org.duban.platform.time;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * Time for all time-dependent logic. Tests replace it (see deploy/testing's {@code TestClock}) to move time
 * instead of sleeping.
 */
public class ClockProducer {

    /** The county works in Asia/Shanghai; instants are zone-free, the zone only matters for calendar rules. */
    public static final java.time.ZoneId COUNTY_ZONE = java.time.ZoneId.of("Asia/Shanghai");

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.system(COUNTY_ZONE);
    }
}
