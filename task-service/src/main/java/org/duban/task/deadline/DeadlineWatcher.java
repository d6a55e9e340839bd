package org.duban.task.deadline;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;

import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.task.plan.Task;

/**
 * Announces each due date of open work once per (assignment, due date, kind of due date, notice) — the reminders
 * {@code DeadlineApproaching} at each configured lead time, then {@code DeadlineMissed}. Three kinds of due date
 * (task-service/README.md, "Deadline watcher"): FINAL, the assignment's deadline; MILESTONE, each CONFIRMED, dated
 * milestone of the task, on its LEAD assignment(s); REPORT, for ongoing tasks, one report per reporting period.
 *
 * <p>The open work is cut into fixed ranges of assignment ids, each with its own mark ({@link DeadlineCursor}). The
 * watcher is the orchestration of the pieces, each with one reason to change:
 * <ul>
 * <li>{@link DeadlineSweep}: when a sweep runs and how it claims range after range, announcing the notices whose moment
 * lies between the range's mark and now, and moving the mark with the events;</li>
 * <li>{@link DueQuery}: the SQL that finds the due dates not yet met (values bound, never inlined);</li>
 * <li>{@link Notices}: which notice of a due date is due at a moment (the lead times);</li>
 * <li>{@link Announcements}: the events and their derived ids, written to the outbox;</li>
 * <li>{@link DeadlineCursor}: the marks and their locks.</li>
 * </ul>
 * Due dates that appear behind the mark — new work already late, an extension or a milestone confirmed after its
 * date, a new cadence — are announced by the change that makes them ({@code announce…} below), in its transaction,
 * holding the marks they are behind.
 */
@ApplicationScoped
public class DeadlineWatcher {

    @Inject
    EntityManager em;

    @Inject
    DeadlineSweep sweep;

    @Inject
    DeadlineCursor cursor;

    @Inject
    DueQuery query;

    @Inject
    Announcements announcements;

    @Inject
    Recoveries recoveries;

    /** One sweep up to now ({@link DeadlineSweep}); returns how many notices it announced. */
    public int sweep() {
        return sweep.sweep();
    }

    /**
     * New work (交办): its final due date and, for a lead unit, the task's milestones, where already behind the mark.
     * The events go to {@code announcements} when given (the caller writes them with {@code Outbox.publishAll}), else
     * straight to the outbox.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewAssignment(Watched assignment, Instant now, List<Outbox.Entry> announced) {
        Instant mark = cursor.hold(assignment.id());
        Map<Integer, Instant> marks = Map.of(DeadlineCursor.rangeOf(assignment.id()), mark);
        Notices notices = announcements.notices();
        List<Outbox.Entry> entries = new ArrayList<>();
        if (assignment.dueAt() != null && Recoveries.counts(assignment.countsFrom(), assignment.dueAt())) {
            // what the FINAL query would find for it, without asking the database: an import makes thousands
            entries.addAll(notices.behind(DueKind.FINAL, List.of(new DueQuery.Due(assignment.id(), assignment.taskId(),
                    assignment.unitId(), assignment.dueAt(), null)), marks, now));
        }
        if (assignment.lead()) {
            entries.addAll(behind(DueKind.MILESTONE, DueQuery.assignment(assignment.id()), marks, mark, now));
        }
        if (announced != null) {
            announced.addAll(entries);
        } else {
            announcements.publishEach(entries);
        }
    }

    /** An approved extension: the new final due date, should it already be behind the mark. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewDueDate(Watched assignment, Instant now) {
        Instant mark = cursor.hold(assignment.id());
        announcements.publishEach(behind(DueKind.FINAL, DueQuery.assignment(assignment.id()),
                Map.of(DeadlineCursor.rangeOf(assignment.id()), mark), mark, now));
    }

    /**
     * A milestone confirmed (or its date changed): its lead assignments, where the date is behind the mark. A confirmed
     * milestone re-dated no longer applies at its old date: each announced, unmet miss of the old date is closed with
     * {@code DeadlineRecovered} EXTENDED (issue 18), before the new date's notices.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceMilestone(UUID taskId, UUID milestoneId, Instant now) {
        recoveries.milestoneRedated(taskId, milestoneId, now);
        Map<Integer, Instant> marks = cursor.holdAll();
        announcements.publishEach(behind(DueKind.MILESTONE, DueQuery.milestone(taskId, milestoneId), marks,
                Collections.max(marks.values()), now));
    }

    /**
     * A new reporting cadence (called before the change is flushed): the periods it makes due behind the mark that no
     * report has met; and the periods of the old cadence announced as missed and not met, which no longer apply unless
     * the new cadence has a period ending at the same moment, are each closed with {@code DeadlineRecovered} EXTENDED
     * (issue 18: every way a due date stops applying closes its miss).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewCadence(UUID taskId, Instant now) {
        DueQuery.Sql oldCadence = loadedCadence(taskId);
        DueQuery.Sql scope = DueQuery.task(taskId);
        Map<Integer, Instant> marks = cursor.holdAll();
        Instant latest = Collections.max(marks.values());
        announcements.publishEach(behind(DueKind.REPORT, scope, marks, latest, now));
        if (oldCadence == null) {
            return;
        }
        Set<String> stillDue = new HashSet<>();
        query.dues(DueKind.REPORT, scope, DueQuery.BEGINNING, latest)
                .forEach(due -> stillDue.add(due.assignmentId() + "/" + due.dueAt()));
        for (DueQuery.Due old : query.dues(DueKind.REPORT, scope, DueQuery.BEGINNING, latest, oldCadence)) {
            if (!old.dueAt().isAfter(marks.get(DeadlineCursor.rangeOf(old.assignmentId())))
                    && !stillDue.contains(old.assignmentId() + "/" + old.dueAt())) {
                recoveries.recover(old, DueKind.REPORT, Recoveries.EXTENDED, now);
            }
        }
    }

    /**
     * The task's cadence in force as this transaction read it from the database (Hibernate's loaded state: before the
     * change), as SQL over {@code pl}; null when the task was not loaded.
     */
    private DueQuery.Sql loadedCadence(UUID taskId) {
        Task task = em.find(Task.class, taskId);
        EntityEntry entry = task == null ? null : em.unwrap(SessionImplementor.class).getPersistenceContextInternal().getEntry(task);
        if (entry == null || entry.getLoadedState() == null) {
            return null;
        }
        Object loaded = entry.getLoadedState()[entry.getPersister().getPropertyIndex("reportingCadence")];
        return loaded == null ? new DueQuery.Sql("coalesce(pl.reporting_cadence, 'P3M')")
                : new DueQuery.Sql("coalesce(cast(? as text), 'P3M')", Period.parse(loaded.toString()).toString());
    }

    /**
     * The most urgent notice of each due date in scope whose moment is at or before the mark of its assignment's range
     * ({@code marks}, held; {@code latest} the latest of them).
     */
    private List<Outbox.Entry> behind(String dueKind, DueQuery.Sql scope, Map<Integer, Instant> marks, Instant latest, Instant now) {
        Notices notices = announcements.notices();
        return notices.behind(dueKind, query.dues(dueKind, scope, DueQuery.BEGINNING, notices.horizon(latest)), marks, now);
    }
}
