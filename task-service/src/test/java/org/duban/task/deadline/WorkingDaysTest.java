package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeSet;

import org.duban.task.plan.Task;
import org.junit.jupiter.api.Test;

class WorkingDaysTest {

    private final WorkingDays calendar = WorkingDays.china();

    @Test
    void nationalDayHolidaysAreNotWorkingDaysAndTheirMakeUpWeekendDaysAre() {
        for (int d = 1; d <= 7; d++) {
            assertFalse(calendar.isWorkingDay(LocalDate.of(2021, 10, d)), "2021-10-0" + d + " 国庆节");
        }
        assertTrue(calendar.isWorkingDay(LocalDate.of(2021, 9, 26)), "Sunday 2021-09-26 调休上班");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2021, 10, 9)), "Saturday 2021-10-09 调休上班");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2021, 10, 10)), "an ordinary Sunday");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2021, 10, 8)), "an ordinary Friday");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2022, 2, 1)), "春节 2022");
        assertTrue(calendar.isWorkingDay(LocalDate.of(2022, 1, 29)), "Saturday 2022-01-29 调休上班");
        assertTrue(calendar.knows(2021));
        assertTrue(calendar.knows(2022));
        assertFalse(calendar.knows(1999));
    }

    @Test
    void fiveWorkingDaysFromTheEveOfNationalDayEndOnTheTwelfth() {
        assertEquals(LocalDate.of(2021, 10, 12), calendar.nthWorkingDay(LocalDate.of(2021, 9, 30), 5));
        assertEquals(LocalDate.of(2021, 9, 30), calendar.nthWorkingDay(LocalDate.of(2021, 9, 30), 1));
        // from a holiday the count starts on the next working day
        assertEquals(LocalDate.of(2021, 10, 8), calendar.nthWorkingDay(LocalDate.of(2021, 10, 3), 1));
    }

    /** 国务院办公厅关于2026年部分节假日安排的通知: 国庆节 10月1日至7日放假, 9月20日（周日）、10月10日（周六）上班. */
    @Test
    void nationalDay2026IsOffAndItsMakeUpSundayAndSaturdayAreWorked() {
        assertTrue(calendar.knows(2026));
        assertEquals(WorkingDays.Source.LIBRARY, calendar.source(2026));
        for (int d = 1; d <= 7; d++) {
            assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 10, d)), "2026-10-0" + d + " 国庆节");
        }
        LocalDate sunday = LocalDate.of(2026, 9, 20);
        LocalDate saturday = LocalDate.of(2026, 10, 10);
        assertTrue(WorkingDays.isWeekend(sunday) && WorkingDays.isWeekend(saturday));
        assertTrue(calendar.isWorkingDay(sunday), "Sunday 2026-09-20 调休上班");
        assertTrue(calendar.isWorkingDay(saturday), "Saturday 2026-10-10 调休上班");
        assertFalse(calendar.isWorkingDay(LocalDate.of(2026, 10, 11)), "the Sunday after is an ordinary Sunday");
        assertTrue(calendar.arrangement(2026).makeUpDays().containsAll(java.util.List.of(sunday, saturday)));
    }

    @Test
    void fiveWorkingDaysFrom28September2026DoNotFallDueInsideTheHoliday() {
        // 09-28, 09-29, 09-30, then 10-01..07 off, 10-08, 10-09: weekends-only counting would give Friday 10-02
        LocalDate due = calendar.nthWorkingDay(LocalDate.of(2026, 9, 28), 5);
        assertEquals(LocalDate.of(2026, 10, 9), due);
        // and 6 lands on the make-up Saturday
        assertEquals(LocalDate.of(2026, 10, 10), calendar.nthWorkingDay(LocalDate.of(2026, 9, 28), 6));
        // the phrase as the importer reads it
        var r = DeadlinePhrase.read("5个工作日内", LocalDate.of(2026, 9, 28));
        assertEquals(Task.DeadlineKind.DATE, r.kind());
        assertEquals(Instant.parse("2026-10-09T15:59:59Z"), r.dueAt());
    }

    @Test
    void theLibraryKnowsTheYearsOfItsNoticesAndNotTheNextOne() {
        assertTrue(calendar.libraryKnows(2002));
        assertFalse(calendar.libraryKnows(2001), "only 2002's 元旦 make-up days are dated in 2001");
        assertFalse(calendar.knows(2101));
        var fresh = new WorkingDays();
        assertFalse(fresh.knows(2027), "tyme4j 1.4.9 has no 2027; a newer version would: then pick another year here");
        assertEquals(WorkingDays.Source.UNKNOWN, fresh.source(2027));
        // an unknown year counts weekends only: Friday 2027-10-01 is a working day
        assertTrue(fresh.isWorkingDay(LocalDate.of(2027, 10, 1)));
    }

    @Test
    void anOverrideIsTheYearInForceAndWithoutItTheLibraryIsAgain() {
        var fresh = new WorkingDays();
        var off = new TreeSet<LocalDate>();
        for (int d = 1; d <= 7; d++) {
            off.add(LocalDate.of(2027, 10, d));
        }
        var work = new TreeSet<>(java.util.List.of(LocalDate.of(2027, 9, 26), LocalDate.of(2027, 10, 9)));
        fresh.useOverrides(Map.of(2027, new WorkingDays.Arrangement(off, work)));
        assertTrue(fresh.knows(2027));
        assertEquals(WorkingDays.Source.OVERRIDE, fresh.source(2027));
        assertFalse(fresh.isWorkingDay(LocalDate.of(2027, 10, 1)));
        assertTrue(fresh.isWorkingDay(LocalDate.of(2027, 10, 9)), "Saturday made a working day");
        assertEquals(LocalDate.of(2027, 10, 11), fresh.nthWorkingDay(LocalDate.of(2027, 9, 30), 4),
                "09-30, 10-08, 10-09 (调休), 10-11");

        // an override of a year the library knows replaces it whole
        fresh.useOverrides(Map.of(2026, new WorkingDays.Arrangement(new TreeSet<>(), new TreeSet<>())));
        assertEquals(WorkingDays.Source.OVERRIDE, fresh.source(2026));
        assertTrue(fresh.isWorkingDay(LocalDate.of(2026, 10, 1)));
        assertFalse(fresh.knows(2027), "2027's override is gone");

        fresh.useOverrides(Map.of());
        assertEquals(WorkingDays.Source.LIBRARY, fresh.source(2026));
        assertFalse(fresh.isWorkingDay(LocalDate.of(2026, 10, 1)));
    }
}
