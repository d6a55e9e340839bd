package org.duban.web.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Dates on the pages are Beijing dates, written the Chinese way. */
class FormatsTest {

    @Test
    void anInstantIsShownAsItsBeijingDate() {
        // 2021年底 as task-service stores it: the end of 31 December in Beijing, 15:59:59 UTC
        assertEquals("2021年12月31日", Formats.date("2021-12-31T15:59:59Z"));
        // 16:30 UTC on the 31st is already 1 January in Beijing
        assertEquals("2022年1月1日", Formats.date("2021-12-31T16:30:00Z"));
        assertEquals("2021年12月31日 23:59", Formats.dateTime("2021-12-31T15:59:59Z"));
        assertEquals("2021年8月3日", Formats.date("2021-08-03"));
        assertEquals("", Formats.date(null));
    }

    @Test
    void daysLateCountBeijingCalendarDays() {
        Instant newYearMorningInBeijing = Instant.parse("2022-01-01T01:00:00Z");
        assertEquals(1, Dates.daysLate("2021-12-31T15:59:59Z", newYearMorningInBeijing));
        assertEquals(0, Dates.daysLate("2021-12-31T15:59:59Z", Instant.parse("2021-12-31T15:00:00Z")));
    }

    @Test
    void statesAndRolesInTheOfficesWords() {
        assertEquals("待签收", Formats.statusName("ASSIGNED"));
        assertEquals("已反馈", Formats.statusName("REPORTED"));
        assertEquals("牵头", Formats.roleName("LEAD"));
        assertEquals("红灯", Formats.lightName("RED"));
        assertEquals("待复核", Formats.reviewName(null));
        assertEquals("复核通过", Formats.reviewName("APPROVED"));
        assertEquals("已退回重报", Formats.reviewName("SENT_BACK"));
    }
}
