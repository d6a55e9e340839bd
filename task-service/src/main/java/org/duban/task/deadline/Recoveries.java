package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.task.DeadlineRecovered;
import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assignment;

/**
 * After a {@code DeadlineMissed}, the unit caught up: each missed notice is marked recovered once (an
 * {@code update … where recovered_at is null returning}: of two concurrent catch-ups only one sees the row) and
 * announced as {@code DeadlineRecovered} in the caller's transaction.
 */
@ApplicationScoped
public class Recoveries {

    public static final String REPORTED = "REPORTED";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXTENDED = "EXTENDED";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Recovers the assignment's unrecovered misses of {@code dueKind} (null: every kind), limited to the due date
     * {@code dueAt} when given; returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public int recover(Assignment assignment, String dueKind, Instant dueAt, String how, Instant now) {
        var conditions = new StringBuilder();
        var values = new java.util.ArrayList<Object>(List.of(Timestamp.from(now), assignment.id));
        if (dueKind != null) {
            values.add(dueKind);
            conditions.append(" and due_kind = ?").append(values.size());
        }
        if (dueAt != null) {
            values.add(Timestamp.from(dueAt));
            conditions.append(" and due_at = ?").append(values.size());
        }
        var query = em.createNativeQuery("""
                with recovered as (
                    update deadline_notice set recovered_at = ?1
                    where assignment_id = ?2 and kind = 'MISSED' and recovered_at is null%s
                    returning due_at, due_kind)
                select due_at, due_kind from recovered order by due_at""".formatted(conditions));
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            Instant missedDue = row[0] instanceof Timestamp t ? t.toInstant() : (Instant) row[0];
            outbox.publish(new DeadlineRecovered(assignment.id, assignment.taskId, assignment.unitId, missedDue,
                    (String) row[1], how, now));
        }
        return rows.size();
    }
}
