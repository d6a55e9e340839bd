package org.duban.platform.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** Plain, fast: the day is Beijing's whatever the JVM's zone, and days overdue count calendar days there. */
class ChineseDatesTest {

    /** 2021-12-31 23:59:59 in Beijing, the end of a date-only deadline. */
    private static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59Z");

    @Test
    void aDayIsBeijingsDay() {
        assertEquals("2021年12月31日", ChineseDates.day(END_OF_2021));
        assertEquals("2022年1月1日", ChineseDates.day(Instant.parse("2021-12-31T16:00:00Z")));
        assertEquals("2027年6月30日", ChineseDates.day(LocalDate.of(2027, 6, 30)));
        assertEquals("2021年12月31日 23:59", ChineseDates.minute(END_OF_2021));
        assertEquals("", ChineseDates.day((Instant) null));
    }

    @Test
    void quartersAreNamed() {
        assertEquals("2021年第四季度", ChineseDates.quarter(END_OF_2021));
        assertEquals("2022年第一季度", ChineseDates.quarter(Instant.parse("2021-12-31T16:00:00Z")));
    }

    @Test
    void daysOverdueCountBeijingCalendarDays() {
        assertEquals(0, ChineseDates.daysOverdue(END_OF_2021, END_OF_2021));
        assertEquals(1, ChineseDates.daysOverdue(END_OF_2021, Instant.parse("2021-12-31T16:00:01Z")));
        assertEquals(1800, ChineseDates.daysOverdue(END_OF_2021, Instant.parse("2026-12-05T02:00:00Z")));
    }
}
