package org.duban.task.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.deadline.WorkingDays;

/**
 * The working-day calendar of a year: which days off (放假) and make-up working days (调休上班) are in force and where they
 * come from; an admin enters a year the library does not know yet (the State Council's notice for next year, usually
 * published in November) or corrects one.
 */
@Path("/api/calendar")
public class CalendarResource {

    /**
     * A year in force. {@code source}: OVERRIDE (an admin's entry, {@code override} says who, when and why), LIBRARY (the
     * State Council's arrangement as the tyme4j library has it) or UNKNOWN (neither: weekends only, deadlines counted in
     * working days of that year may be wrong).
     */
    public record YearView(int year, WorkingDays.Source source, boolean known, List<LocalDate> daysOff, List<LocalDate> makeUpDays,
            boolean libraryKnows, OverrideView override) {
    }

    public record OverrideView(String reason, String updatedBy, Instant updatedAt, long version) {
    }

    public record DaysView(WorkingDays.Source source, List<LocalDate> daysOff, List<LocalDate> makeUpDays) {
    }

    /** One change: who, when, why; {@code before} says where the year's arrangement came from until then. */
    public record ChangeView(long id, int year, String actor, Instant changedAt, String reason, DaysView before, DaysView after) {
    }

    @Inject
    CalendarOverrides overrides;

    /** Read from the database, so the answer is the same on every instance (each installs changes within its refresh interval). */
    @GET
    @Path("{year}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    public YearView year(@PathParam("year") int year) {
        requireYear(year);
        WorkingDays calendar = WorkingDays.china();
        boolean libraryKnows = calendar.libraryKnows(year);
        CalendarOverride row = CalendarOverride.findById(year);
        if (row != null) {
            return new YearView(year, WorkingDays.Source.OVERRIDE, true, List.of(row.daysOff), List.of(row.makeUpDays), libraryKnows,
                    new OverrideView(row.reason, row.updatedBy, row.updatedAt, row.version));
        }
        WorkingDays.Arrangement library = calendar.libraryArrangement(year);
        return new YearView(year, libraryKnows ? WorkingDays.Source.LIBRARY : WorkingDays.Source.UNKNOWN, libraryKnows,
                List.copyOf(library.daysOff()), List.copyOf(library.makeUpDays()), libraryKnows, null);
    }

    /**
     * Enters a year's days off and make-up working days, with a reason; they replace the library's for that year (or the
     * override before) from now on. Open work whose working-day deadline was counted with weekends only because the year
     * was unknown (flagged "2027 calendar not yet known") is counted again, a moved due date announced
     * in the same transaction ({@link CalendarRecount#recountYear}).
     */
    @PUT
    @Path("{year}")
    @RolesAllowed(Roles.ADMIN)
    public YearView enter(@PathParam("year") int year, CalendarOverrides.Entry entry) {
        // the entry and the recount of the deadlines counted with weekends only in this year (flagged): one transaction
        overrides.enterAndRecount(year, entry);
        overrides.reload();
        return year(year);
    }

    /** Every change of the year, oldest first. */
    @GET
    @Path("{year}/history")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER })
    @Transactional
    public List<ChangeView> history(@PathParam("year") int year) {
        requireYear(year);
        return CalendarChange.<CalendarChange> list("year = ?1 order by id", year).stream()
                .map(c -> new ChangeView(c.id, c.year, c.actor, c.changedAt, c.reason,
                        new DaysView(c.sourceBefore, Arrays.asList(c.daysOffBefore), Arrays.asList(c.makeUpDaysBefore)),
                        new DaysView(WorkingDays.Source.OVERRIDE, Arrays.asList(c.daysOffAfter), Arrays.asList(c.makeUpDaysAfter))))
                .toList();
    }

    private static void requireYear(int year) {
        if (year < CalendarOverrides.FIRST_YEAR || year > CalendarOverrides.LAST_YEAR) {
            throw Problem.invalidField("year", year + " is outside " + CalendarOverrides.FIRST_YEAR + "–" + CalendarOverrides.LAST_YEAR);
        }
    }
}
