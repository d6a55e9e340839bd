package org.duban.province.message;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import org.duban.platform.time.ClockProducer;

/**
 * Times as the wire contract writes them (docs/province-api.md §3): instants {@code yyyyMMddHHmmss} and dates
 * {@code yyyy-MM-dd}, both in Beijing time; a date as a deadline means the end of that day (23:59:59, as task-service's
 * deadlines do).
 */
public final class WireTime {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ClockProducer.COUNTY_ZONE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private WireTime() {
    }

    public static String instant(Instant instant) {
        return instant == null ? null : INSTANT.format(instant);
    }

    /** @throws DateTimeParseException when not {@code yyyyMMddHHmmss} */
    public static Instant parseInstant(String text) {
        return LocalDateTime.parse(text, INSTANT).atZone(ClockProducer.COUNTY_ZONE).toInstant();
    }

    /** The Beijing day of an instant (a deadline at the end of day D gives D). */
    public static String date(Instant instant) {
        return instant == null ? null : DATE.format(instant.atZone(ClockProducer.COUNTY_ZONE).toLocalDate());
    }

    /** The end of that Beijing day. @throws DateTimeParseException when not {@code yyyy-MM-dd} */
    public static Instant parseDeadline(String text) {
        return LocalDate.parse(text, DATE).atTime(END_OF_DAY).atZone(ClockProducer.COUNTY_ZONE).toInstant();
    }
}
