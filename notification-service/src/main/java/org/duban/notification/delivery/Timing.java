package org.duban.notification.delivery;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.notification.config.NotificationConfig;
import org.duban.platform.time.ClockProducer;

/** Calendar rules in the county's zone: quiet hours (免打扰时段) and the daily digest time. */
@ApplicationScoped
public class Timing {

    @Inject
    NotificationConfig config;

    /** When a non-urgent SMS/webhook notice may go: {@code now}, or the end of the quiet hours it falls in. */
    public Instant afterQuietHours(Instant now) {
        LocalTime start = config.quietHours().start();
        LocalTime end = config.quietHours().end();
        ZonedDateTime local = now.atZone(ClockProducer.COUNTY_ZONE);
        LocalTime t = local.toLocalTime();
        boolean overnight = start.isAfter(end); // 22:00–07:00
        boolean quiet = overnight ? (!t.isBefore(start) || t.isBefore(end)) : (!t.isBefore(start) && t.isBefore(end));
        if (!quiet) {
            return now;
        }
        ZonedDateTime endToday = local.with(end);
        return (endToday.isAfter(local) ? endToday : endToday.plusDays(1)).toInstant();
    }

    /** The next daily digest time strictly after {@code now}. */
    public Instant nextDigest(Instant now) {
        ZonedDateTime local = now.atZone(ClockProducer.COUNTY_ZONE);
        ZonedDateTime today = local.with(config.digest().at()).withSecond(0).withNano(0);
        return (today.isAfter(local) ? today : today.plusDays(1)).toInstant();
    }
}
