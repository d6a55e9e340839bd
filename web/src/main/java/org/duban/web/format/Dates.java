package org.duban.web.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Day arithmetic on the county's calendar (Asia/Shanghai). */
public final class Dates {

    /** The county's zone: every date on a page is a Beijing date. */
    public static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

    private Dates() {
    }

    /** Whole days from the Beijing date of {@code due} to the Beijing date of {@code now}: positive when late. */
    public static long daysLate(Object due, Instant now) {
        if (due == null) {
            return 0;
        }
        LocalDate dueDay = Instant.parse(due.toString()).atZone(ZONE).toLocalDate();
        return ChronoUnit.DAYS.between(dueDay, now.atZone(ZONE).toLocalDate());
    }

    public static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }
}
