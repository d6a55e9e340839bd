package org.duban.task.deadline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;

import org.duban.events.task.DueKind;
import org.duban.task.plan.Milestone;

/**
 * After a {@code DeadlineMissed}, the unit caught up: a late report, a completion or an approved extension announces
 * {@code DeadlineRecovered} for each miss it ends, in the caller's transaction. Which misses were announced follows
 * from the mark of the assignment's range ({@link DeadlineCursor}), held for the transaction and committed with the
 * events that announced it: a due date not yet met and at or before the mark was announced as missed (by a sweep,
 * or by the change that brought it), one after it was not. So the caller asks <em>before</em> its change ({@link #missed}), while the assignment is still open and its due dates still unmet,
 * and announces the recovery after it ({@link #recover}). A miss is recovered once: the change that recovers it
 * also meets it (a report meets its periods and milestones, a completion closes the work, an extension replaces the
 * date), and the event id is derived from the miss.
 */
@ApplicationScoped
public class Recoveries {

    public static final String REPORTED = "REPORTED";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXTENDED = "EXTENDED";

    @Inject
    DueQuery query;

    @Inject
    Announcements announcements;

    @Inject
    DeadlineCursor cursor;

    @Inject
    EntityManager em;

    /** A due date announced as missed and not met since. */
    public record Miss(Instant dueAt, String dueKind) {
    }

    /**
     * The announced, still unmet misses of the open {@code assignment} of the given kinds; for MILESTONE only those of
     * {@code milestoneDates} when not null (the milestones a report is about to meet).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Miss> missed(Watched assignment, Set<String> dueKinds, Set<Instant> milestoneDates) {
        Instant mark = cursor.hold(assignment.id());
        List<Miss> misses = new ArrayList<>();
        for (String dueKind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            if (!dueKinds.contains(dueKind)) {
                continue;
            }
            for (DueQuery.Due due : query.dues(dueKind, DueQuery.assignment(assignment.id()), DueQuery.BEGINNING, mark)) {
                if (!DueKind.MILESTONE.equals(dueKind) || milestoneDates == null || milestoneDates.contains(due.dueAt())) {
                    misses.add(new Miss(due.dueAt(), dueKind));
                }
            }
        }
        return misses;
    }

    /**
     * Whether the final due date {@code dueAt} of the open {@code assignment} was announced as missed: behind its range's
     * mark, and not before the assignment counts (a date before a plan's adoption was never announced).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean missedFinal(Watched assignment, Instant dueAt) {
        return dueAt != null && !dueAt.isAfter(cursor.hold(assignment.id())) && counts(assignment.countsFrom(), dueAt);
    }

    /** A due date counts against the unit unless it is before the assignment's {@code countsFrom} (V42). */
    static boolean counts(Instant countsFrom, Instant dueAt) {
        return countsFrom == null || !dueAt.isBefore(countsFrom);
    }

    /**
     * A milestone whose date a supervisor changed (called before the change is flushed): when it was CONFIRMED with
     * another date as this transaction loaded it, each open lead assignment of the task whose miss of the old date was
     * announced (the date at or before its range's mark) and not met by a report is told {@code DeadlineRecovered}
     * EXTENDED for the old date: the miss ends with the date it was about. Returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int milestoneRedated(UUID taskId, UUID milestoneId, Instant now) {
        Milestone m = em.find(Milestone.class, milestoneId);
        if (m == null) {
            return 0;
        }
        // the milestone as this transaction read it from the database (Hibernate's loaded state): before the change
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        EntityEntry entry = session.getPersistenceContextInternal().getEntry(m);
        if (entry == null || entry.getLoadedState() == null) {
            return 0;
        }
        Object[] loaded = entry.getLoadedState();
        Instant oldDue = (Instant) loaded[entry.getPersister().getPropertyIndex("dueAt")];
        Object oldStatus = loaded[entry.getPersister().getPropertyIndex("status")];
        if (oldDue == null || oldDue.equals(m.dueAt) || oldStatus != Milestone.Status.CONFIRMED) {
            return 0;
        }
        BigDecimal target = (BigDecimal) loaded[entry.getPersister().getPropertyIndex("targetQuantity")];
        var leads = em.createNativeQuery("""
                select a.id, a.unit_id, a.counts_from from assignment a
                where a.task_id = ?1 and a.role = 'LEAD' and a.status in (%s)
                  and not exists (select 1 from progress_report r join milestone_actual ma on ma.report_id = r.id
                                  where r.assignment_id = a.id and ma.milestone_id = ?2 and %s)"""
                .formatted(DueQuery.OPEN_STATUSES, target == null ? "true" : "ma.actual_quantity >= ?3"))
                .setParameter(1, taskId).setParameter(2, milestoneId);
        if (target != null) {
            leads.setParameter(3, target);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> unmet = leads.getResultList();
        int recovered = 0;
        for (Object[] row : unmet) {
            UUID assignmentId = (UUID) row[0];
            Instant countsFrom = row[2] == null ? null : row[2] instanceof Instant i ? i
                    : row[2] instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) row[2]).toInstant();
            if (!oldDue.isAfter(cursor.hold(assignmentId)) && counts(countsFrom, oldDue)) {
                announcements.recovered(assignmentId, taskId, (UUID) row[1], oldDue, DueKind.MILESTONE, EXTENDED, now);
                recovered++;
            }
        }
        return recovered;
    }

    /** Announces the recovery of one announced miss of a due date that no longer applies ({@link DeadlineWatcher#announceNewCadence}). */
    @Transactional(Transactional.TxType.MANDATORY)
    void recover(DueQuery.Due due, String dueKind, String how, Instant now) {
        announcements.recovered(due.assignmentId(), due.taskId(), due.unitId(), due.dueAt(), dueKind, how, now);
    }

    /** Announces the recovery of each miss (found by {@link #missed} before the change); returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recover(Watched assignment, List<Miss> misses, String how, Instant now) {
        for (Miss miss : misses) {
            announcements.recovered(assignment.id(), assignment.taskId(), assignment.unitId(), miss.dueAt(), miss.dueKind(), how, now);
        }
        return misses.size();
    }
}
