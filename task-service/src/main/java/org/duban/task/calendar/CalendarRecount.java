package org.duban.task.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.DueDates;
import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.deadline.UnknownCalendarYear;
import org.duban.task.deadline.WorkingDays;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Once a year the calendar did not know is entered (issue 18): every open assignment flagged with it (its working-day
 * deadline was counted with weekends only, {@link UnknownCalendarYear}) is counted again from its task's phrase and
 * the plan's issue date; the flag is cleared (or set to the next unknown year the new count reaches) and a changed due
 * date is announced with {@code DueDateChanged}. The new date goes the way of an approved extension's: an announced
 * miss of the old date is recovered (DeadlineRecovered EXTENDED) and the new date, should it be behind the watcher's
 * mark, announced by the watcher.
 * <p>
 * Run in the transaction of the PUT that enters the year ({@link #recountYear}, with the calendar that entry makes), so
 * the entry and its recount commit together; and after every reload of the overrides (start-up and
 * {@code duban.calendar.refresh-interval}) for a year that became known otherwise (a newer library): there one
 * transaction per task, a task whose assignment changed meanwhile (optimistic lock) left flagged for the next run.
 * Event ids derive from (assignment, year, new due date).
 */
@ApplicationScoped
public class CalendarRecount {

    private static final Logger LOG = Logger.getLogger(CalendarRecount.class);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    DueDates dueDates;

    /** Counts again the flagged open work of every year now known; returns how many due dates moved. */
    public int recountKnownYears(String actor) {
        List<Object[]> flagged = QuarkusTransaction.requiringNew().call(() -> em.createQuery("""
                select distinct a.taskId, a.calendarUnknownYear from Assignment a
                where a.calendarUnknownYear is not null and a.status in :open""", Object[].class)
                .setParameter("open", Assignment.Status.OPEN).getResultList());
        int moved = 0;
        for (Object[] row : flagged) {
            UUID taskId = (UUID) row[0];
            int year = (Integer) row[1];
            if (!WorkingDays.china().knows(year)) {
                continue;
            }
            try {
                moved += QuarkusTransaction.requiringNew().call(() -> recount(taskId, year, actor, WorkingDays.china()));
            } catch (RuntimeException e) {
                // an assignment changed meanwhile (optimistic lock) or the task is unreadable: it stays flagged, tried again
                // at the next reload of the calendar
                LOG.warnf("task %s: deadline not counted again for calendar year %d (next refresh tries again): %s", taskId, year,
                        e.toString());
            }
        }
        return moved;
    }

    /**
     * Counts again, in the caller's transaction, the open work flagged with {@code year} as {@code calendar} counts it: the
     * PUT that enters the year does this with the calendar its entry makes ({@link WorkingDays#withOverride}), so the
     * entry, the moved due dates and their events commit together or not at all (issue 18). The assignments are locked
     * (a command on one of them waits for the entry rather than failing on its version). Returns how many dates moved.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recountYear(int year, String actor, WorkingDays calendar) {
        List<UUID> tasks = em.createQuery("""
                select distinct a.taskId from Assignment a
                where a.calendarUnknownYear = :year and a.status in :open order by a.taskId""", UUID.class)
                .setParameter("year", year).setParameter("open", Assignment.Status.OPEN).getResultList();
        int moved = 0;
        for (UUID taskId : tasks) {
            moved += recount(taskId, year, actor, calendar);
        }
        return moved;
    }

    private int recount(UUID taskId, int year, String actor, WorkingDays calendar) {
        Task task = Task.findById(taskId);
        Plan plan = task.planId == null ? null : Plan.findById(task.planId);
        LocalDate anchor = plan == null ? null : plan.issuedOn;
        Instant counted = task.deadlinePhrase == null ? null : DeadlinePhrase.read(task.deadlinePhrase, anchor, calendar).dueAt();
        Integer stillUnknown = UnknownCalendarYear.of(task.deadlinePhrase, anchor, calendar);
        Instant oldTaskDue = task.dueAt;
        CalendarOverride entered = CalendarOverride.findById(year);
        String reason = year + "年工作日历已录入，按工作日重新计算期限" + (entered == null ? "" : "（" + entered.reason + "）");
        Instant now = clock.instant();
        List<Assignment> open = Assignment.<Assignment> find("taskId = ?1 and calendarUnknownYear = ?2 and status in ?3", taskId,
                year, Assignment.Status.OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        int moved = 0;
        for (Assignment a : open) {
            a.calendarUnknownYear = stillUnknown;
            Instant oldDue = a.dueAt;
            // only a date that is still the one counted from the phrase: an approved extension's date stays
            if (counted == null || oldDue == null || !oldDue.equals(oldTaskDue) || oldDue.equals(counted)) {
                continue;
            }
            // the path of an approved extension: the old miss recovered, the new date announced should it be behind the mark
            dueDates.move(a, counted, reason, actor, now, eventId(a.id, year, counted));
            moved++;
        }
        if (counted != null) {
            task.dueAt = counted; // work assigned from now on takes the new date
        }
        return moved;
    }

    /** Name-based: the same recount (assignment, year entered, new due date) on two instances is one event. */
    static UUID eventId(UUID assignmentId, int year, Instant newDueAt) {
        return UUID.nameUUIDFromBytes(("due-date-changed/" + assignmentId + "/" + year + "/" + newDueAt)
                .getBytes(StandardCharsets.UTF_8));
    }
}
