package org.duban.platform.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Dates as civil servants read them in notices, cards, bulletins and exports: {@code 2021年12月31日} on Beijing's
 * calendar, never an ISO instant in prose. One place, so every service writes them alike.
 */
public final class ChineseDates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
    private static final String[] QUARTERS = { "第一季度", "第二季度", "第三季度", "第四季度" };

    private ChineseDates() {
    }

    /** {@code 2021年12月31日} (the day in Beijing); "" for null. */
    public static String day(Instant at) {
        return at == null ? "" : DAY.format(at.atZone(ClockProducer.COUNTY_ZONE));
    }

    /** {@code 2021年12月31日}; "" for null. */
    public static String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    /** {@code 2021年12月31日 09:30} (Beijing time); "" for null. */
    public static String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at.atZone(ClockProducer.COUNTY_ZONE));
    }

    /** {@code 2021年第四季度} of the instant's Beijing date. */
    public static String quarter(Instant at) {
        ZonedDateTime t = at.atZone(ClockProducer.COUNTY_ZONE);
        return t.getYear() + "年" + QUARTERS[(t.getMonthValue() - 1) / 3];
    }

    /**
     * Whole calendar days from the due date to today, both on Beijing's calendar: due 2021年12月31日 23:59:59 and now
     * 2022年1月3日 → 3. Zero or less is "not yet overdue" to the caller.
     */
    public static long daysOverdue(Instant dueAt, Instant now) {
        return ChronoUnit.DAYS.between(dueAt.atZone(ClockProducer.COUNTY_ZONE).toLocalDate(),
                now.atZone(ClockProducer.COUNTY_ZONE).toLocalDate());
    }
}
