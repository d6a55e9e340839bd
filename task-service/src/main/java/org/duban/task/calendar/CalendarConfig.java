package org.duban.task.calendar;

import java.time.MonthDay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.calendar.*}: the working-day calendar's overrides and the notice that next year is not known. */
@ConfigMapping(prefix = "duban.calendar")
public interface CalendarConfig {

    /**
     * How often the overrides are read again from the database (also read by {@code @Scheduled} as
     * {@code ${duban.calendar.refresh-interval}}): a PUT reloads them at once on the instance that took it, the other
     * instances at this interval.
     */
    @WithDefault("5m")
    String refreshInterval();

    /**
     * From this day of a year, Beijing time, readiness reports next year when its calendar is not known, and the admin
     * and the supervision office are told once ({@code CalendarYearNotice}, event {@code CalendarYearUnknown}).
     */
    @WithDefault("--12-01")
    MonthDay warnFrom();

    /**
     * How often {@code CalendarYearNotice} checks whether next year is known (read by {@code @Scheduled} as
     * {@code ${duban.calendar.unknown-year-check}}).
     */
    @WithDefault("1h")
    String unknownYearCheck();
}
