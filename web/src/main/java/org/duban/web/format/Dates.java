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

    /**
     * A day a form gives ({@code 2027-06-30}) as a due date: 23:59:59 of that day in Beijing, as task-service reads a
     * date alone; null for none, and {@link java.time.format.DateTimeParseException} for a malformed day.
     */
    public static Instant endOfDay(String day) {
        if (day == null || day.isBlank()) {
            return null;
        }
        return LocalDate.parse(day.strip()).atTime(23, 59, 59).atZone(ZONE).toInstant();
    }

    public static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }
}
