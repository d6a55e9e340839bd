package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

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
}
