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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.deadline.WorkingDays;

/**
 * The working-day calendar of a year: which days off (放假) and make-up working days (调休上班) are in force and where they
 * come from; an admin enters a year the library does not know yet (the State Council's notice for next year, usually
 * published in November) or corrects one.
 */
@Tag(name = "calendar", description = "工作日历 — the working-day calendar (放假, 调休上班) deadlines counted in working days use")
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
    @Operation(operationId = "getCalendarYear", summary = "A year's working-day calendar",
            description = "Every role but integration. The days off and make-up working days in force and where they come from "
            + "(an administrator's OVERRIDE, the LIBRARY, or UNKNOWN: weekends only). Changes nothing.")
    @APIResponse(responseCode = "400", description = "The year is outside the range kept")
    @APIResponseSchema(value = YearView.class, responseCode = "200", responseDescription = "OK")
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
    @Operation(operationId = "enterCalendarYear", summary = "录入节假日安排 — enter a year's days off",
            description = "Administrators only, with a reason: the State Council's arrangement for a year the library does not "
            + "know yet, or a correction. Open work whose working-day deadline was counted with weekends only is counted again; "
            + "each moved due date is announced (DueDateChanged).")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = CalendarOverrides.Entry.class),
            examples = @ExampleObject(name = "2027", value = """
            {"daysOff": ["2027-01-01", "2027-02-06", "2027-02-07"], "makeUpDays": ["2027-02-14"], "reason": "国务院办公厅关于2027年部分节假日安排的通知"}""")))
    @APIResponse(responseCode = "400", description = "A year out of range, a day outside the year, or no reason")
    @APIResponseSchema(value = YearView.class, responseCode = "200", responseDescription = "The year now")
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
    @Operation(operationId = "getCalendarHistory", summary = "A year's calendar changes",
            description = "Administrators, supervisors, leaders. Every change of the year with who, when, why, before and after, "
            + "oldest first. Changes nothing.")
    @APIResponse(responseCode = "400", description = "The year is outside the range kept")
    @APIResponseSchema(value = ChangeView[].class, responseCode = "200", responseDescription = "OK")
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
