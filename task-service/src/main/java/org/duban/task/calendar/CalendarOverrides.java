package org.duban.task.calendar;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.platform.problem.Problem;
import org.duban.platform.schema.SchemaMigration;
import org.duban.task.assignment.AssignmentHistory;
import org.duban.task.deadline.WorkingDays;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The admin's overrides of the working-day calendar: entered through {@code PUT /api/calendar/{year}} with their history
 * in the same transaction, and installed into {@link WorkingDays#china()} at start-up, after each change and every
 * {@code duban.calendar.refresh-interval} (for changes another instance took).
 */
@ApplicationScoped
public class CalendarOverrides {

    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2100;

    /** Class of the two-key advisory lock "a year of the calendar" (ASCII "CAL"); the second key is the year. */
    private static final int LOCK_CLASS = 0x43414C;
    private static final Logger LOG = Logger.getLogger(CalendarOverrides.class);

    /** A year's arrangement as the admin enters it. */
    public record Entry(List<LocalDate> daysOff, List<LocalDate> makeUpDays, String reason) {
    }

    @jakarta.inject.Inject
    org.duban.platform.audit.AuditTrail audit;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    SchemaMigration schema;

    @Inject
    CalendarRecount recount;

    private volatile Instant loadedAt;
    private volatile String loadError = "not loaded yet";

    void onStart(@Observes StartupEvent ignored) {
        reloadQuietly();
    }

    @Scheduled(every = "${duban.calendar.refresh-interval:5m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "calendar-overrides-refresh")
    void refresh() {
        reloadQuietly();
    }

    private void reloadQuietly() {
        if (!schema.isMigrated()) {
            loadError = "database schema not migrated yet";
            return;
        }
        try {
            reload();
        } catch (RuntimeException e) {
            loadError = String.valueOf(e.getMessage());
            LOG.warnf("working-day calendar overrides not loaded (library only until the next try): %s", e.getMessage());
            return;
        }
        // a year another instance entered, or a recount that failed after a PUT: its flagged deadlines are counted now
        recount.recountKnownYears(AssignmentHistory.SYSTEM);
    }

    /**
     * Reads every override and installs them. Synchronized, and called after the change committed: a reload that read
     * before a change committed installs before that change's own reload, never after it.
     */
    public synchronized void reload() {
        Map<Integer, WorkingDays.Arrangement> byYear = QuarkusTransaction.requiringNew().call(() -> {
            Map<Integer, WorkingDays.Arrangement> read = new HashMap<>();
            for (CalendarOverride o : CalendarOverride.<CalendarOverride> listAll()) {
                read.put(o.year, arrangement(o.daysOff, o.makeUpDays));
            }
            return read;
        });
        WorkingDays.china().useOverrides(byYear);
        loadedAt = clock.instant();
        loadError = null;
    }

    /** Why the overrides are not installed, if they are not. */
    public Optional<String> loadError() {
        return Optional.ofNullable(loadError);
    }

    public Optional<Instant> loadedAt() {
        return Optional.ofNullable(loadedAt);
    }

    /**
     * Enters a year's arrangement (replacing the library's, or the override before) and records who changed what, in one
     * transaction. The caller reloads the calendar after it returns (committed). 400 problems name the field at fault.
     */
    @Transactional
    public CalendarChange enter(int year, Entry entry) {
        validate(year, entry);
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1, ?2)) l")
                .setParameter(1, LOCK_CLASS).setParameter(2, year).getSingleResult();
        Instant now = clock.instant();
        String actor = identity.getPrincipal().getName();
        CalendarOverride row = CalendarOverride.findById(year);

        CalendarChange change = new CalendarChange();
        change.year = year;
        change.actor = actor;
        change.changedAt = now;
        change.reason = entry.reason().strip();
        if (row != null) {
            change.sourceBefore = WorkingDays.Source.OVERRIDE;
            change.daysOffBefore = row.daysOff;
            change.makeUpDaysBefore = row.makeUpDays;
        } else {
            WorkingDays calendar = WorkingDays.china();
            WorkingDays.Arrangement library = calendar.libraryArrangement(year);
            change.sourceBefore = calendar.libraryKnows(year) ? WorkingDays.Source.LIBRARY : WorkingDays.Source.UNKNOWN;
            change.daysOffBefore = library.daysOff().toArray(LocalDate[]::new);
            change.makeUpDaysBefore = library.makeUpDays().toArray(LocalDate[]::new);
            row = new CalendarOverride();
            row.year = year;
        }
        row.daysOff = new TreeSet<>(entry.daysOff()).toArray(LocalDate[]::new);
        row.makeUpDays = new TreeSet<>(entry.makeUpDays()).toArray(LocalDate[]::new);
        row.reason = change.reason;
        row.updatedBy = actor;
        row.updatedAt = now;
        row.version = row.version + 1;
        row.persist();
        change.daysOffAfter = row.daysOff;
        change.makeUpDaysAfter = row.makeUpDays;
        change.persist();
        audit.record("calendar.change", "CALENDAR", year, org.duban.platform.audit.AuditTrail.fields("source", change.sourceBefore, "daysOff", change.daysOffBefore, "makeUpDays", change.makeUpDaysBefore), org.duban.platform.audit.AuditTrail.fields("daysOff", row.daysOff, "makeUpDays", row.makeUpDays), change.reason);
        return change;
    }

    /**
     * Enters the year ({@link #enter}) and, in the same transaction, counts again the open work flagged with it, with the
     * calendar this entry makes (issue 18): the entry, the moved due dates, their {@code DueDateChanged} and recoveries
     * commit together, or nothing does. The caller installs the overrides ({@link #reload()}) after it returns.
     */
    @Transactional
    public CalendarChange enterAndRecount(int year, Entry entry) {
        CalendarChange change = enter(year, entry);
        WorkingDays entered = WorkingDays.china().withOverride(year, arrangement(change.daysOffAfter, change.makeUpDaysAfter));
        recount.recountYear(year, change.actor, entered);
        return change;
    }

    /**
     * Every day inside the year; make-up working days (调休上班) are Saturdays or Sundays; no day both. All faults at
     * once, each naming its field ({@code daysOff[2]}).
     */
    static void validate(int year, Entry entry) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw Problem.invalidField("year", year + " is outside " + FIRST_YEAR + "–" + LAST_YEAR);
        }
        if (entry == null) {
            throw Problem.invalidField("body", "give daysOff, makeUpDays and reason");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        if (entry.reason() == null || entry.reason().isBlank()) {
            errors.add(error("reason", "say why (e.g. 国办发明电〔2026〕N号)"));
        }
        if (entry.daysOff() == null) {
            errors.add(error("daysOff", "required (may be empty)"));
        }
        if (entry.makeUpDays() == null) {
            errors.add(error("makeUpDays", "required (may be empty)"));
        }
        if (entry.daysOff() != null) {
            for (int i = 0; i < entry.daysOff().size(); i++) {
                LocalDate d = entry.daysOff().get(i);
                if (d == null || d.getYear() != year) {
                    errors.add(error("daysOff[" + i + "]", d + " is not a day of " + year));
                }
            }
        }
        if (entry.makeUpDays() != null) {
            for (int i = 0; i < entry.makeUpDays().size(); i++) {
                LocalDate d = entry.makeUpDays().get(i);
                String field = "makeUpDays[" + i + "]";
                if (d == null || d.getYear() != year) {
                    errors.add(error(field, d + " is not a day of " + year));
                } else if (!WorkingDays.isWeekend(d)) {
                    errors.add(error(field, d + " is a " + name(d.getDayOfWeek())
                            + ": a make-up working day (调休上班) is a Saturday or Sunday; weekdays are working days anyway"));
                } else if (entry.daysOff() != null && entry.daysOff().contains(d)) {
                    errors.add(error(field, d + " is also given as a day off"));
                }
            }
        }
        if (!errors.isEmpty()) {
            String detail = String.join("; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
            throw new Problem(400, "Invalid field", detail).with("errors", errors);
        }
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    private static String name(DayOfWeek day) {
        String s = day.name().toLowerCase();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static WorkingDays.Arrangement arrangement(LocalDate[] daysOff, LocalDate[] makeUpDays) {
        return new WorkingDays.Arrangement(new TreeSet<>(Arrays.asList(daysOff)), new TreeSet<>(Arrays.asList(makeUpDays)));
    }
}
