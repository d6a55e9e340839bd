package org.duban.web.inspections;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import org.duban.web.format.Dates;

/**
 * Dates typed into a form (the browser's {@code date} and {@code datetime-local} inputs: Beijing wall-clock time) as
 * the instants the services take. A value that does not parse is passed on as typed, so the service answers 400
 * naming the field and the page shows it.
 */
public final class BeijingInput {

    private BeijingInput() {
    }

    /** {@code 2027-06-30} → the end of that day in Beijing ({@code 2027-06-30T15:59:59Z}); blank → null. */
    public static String endOfDay(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).atTime(LocalTime.of(23, 59, 59)).atZone(Dates.ZONE).toInstant().toString();
        } catch (DateTimeParseException e) {
            return date.strip();
        }
    }

    /** {@code 2027-06-30T09:30} (Beijing) → {@code 2027-06-30T01:30:00Z}; blank → null. */
    public static String dateTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).atZone(Dates.ZONE).toInstant().toString();
        } catch (DateTimeParseException e) {
            return value.strip();
        }
    }
}
