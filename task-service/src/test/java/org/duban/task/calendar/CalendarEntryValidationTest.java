package org.duban.task.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.duban.platform.problem.Problem;
import org.junit.jupiter.api.Test;

class CalendarEntryValidationTest {

    @SuppressWarnings("unchecked")
    private static List<String> fields(int year, CalendarOverrides.Entry entry) {
        Problem p = assertThrows(Problem.class, () -> CalendarOverrides.validate(year, entry));
        assertEquals(400, p.status());
        return ((List<Map<String, String>>) p.body(null).get("errors")).stream().map(e -> e.get("field")).toList();
    }

    @Test
    void eachFaultNamesItsField() {
        LocalDate friday = LocalDate.of(2027, 10, 8);
        LocalDate saturday = LocalDate.of(2027, 10, 9);
        assertEquals(List.of("makeUpDays[0]"), fields(2027, new CalendarOverrides.Entry(List.of(), List.of(friday), "x")));
        assertEquals(List.of("makeUpDays[0]"), fields(2027, new CalendarOverrides.Entry(List.of(saturday), List.of(saturday), "x")));
        assertEquals(List.of("daysOff[1]"),
                fields(2027, new CalendarOverrides.Entry(List.of(friday, LocalDate.of(2028, 1, 1)), List.of(), "x")));
        assertEquals(List.of("reason", "daysOff", "makeUpDays"), fields(2027, new CalendarOverrides.Entry(null, null, null)));
        assertEquals(List.of("year"), fields(2101, new CalendarOverrides.Entry(List.of(), List.of(), "x")));
    }

    @Test
    void daysOffMayBeWeekendDaysAndTheListsMayBeEmpty() {
        CalendarOverrides.validate(2027, new CalendarOverrides.Entry(List.of(LocalDate.of(2027, 10, 2)), List.of(), "国庆节"));
        CalendarOverrides.validate(2027, new CalendarOverrides.Entry(List.of(), List.of(), "no holidays this year"));
    }
}
