package org.duban.task.deadline;

import java.time.LocalDate;

import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;

/**
 * A deadline counted in working days ({@code 5个工作日内}) that reaches a year the working-day calendar does not know is
 * counted with weekends only ({@link WorkingDays}); the assignment carries that year as a flag ("2027 calendar not yet
 * known", {@code assignment.calendar_unknown_year}, V33) until an admin enters the year, when {@code calendar/CalendarRecount}
 * counts it again.
 */
public final class UnknownCalendarYear {

    private UnknownCalendarYear() {
    }

    /**
     * The first year from {@code anchor} to the due date the calendar does not know, when {@code phrase} counts working
     * days from {@code anchor}; null when it does not, or every year it reaches is known.
     */
    public static Integer of(String phrase, LocalDate anchor, WorkingDays calendar) {
        Integer n = DeadlinePhrase.workingDays(phrase);
        if (n == null || n < 1 || anchor == null) {
            return null;
        }
        LocalDate due = calendar.nthWorkingDay(anchor, n);
        for (int year = anchor.getYear(); year <= due.getYear(); year++) {
            if (!calendar.knows(year)) {
                return year;
            }
        }
        return null;
    }

    /** As {@link #of(String, LocalDate, WorkingDays)} for a task's phrase, counted from its plan's issue date (as imported). */
    public static Integer of(Task task) {
        if (task.planId == null || DeadlinePhrase.workingDays(task.deadlinePhrase) == null) {
            return null;
        }
        Plan plan = Plan.findById(task.planId);
        return plan == null ? null : of(task.deadlinePhrase, plan.issuedOn, WorkingDays.china());
    }

    /** What the assignment's view says of the flag: {@code "2027 calendar not yet known"}, or null. */
    public static String flag(Integer year) {
        return year == null ? null : year + " calendar not yet known";
    }
}
