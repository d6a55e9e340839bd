package org.duban.supervision.status;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import org.duban.supervision.warning.Warnings;

/**
 * Grace for work assigned late (issue 22): a miss told before the unit could have signed for its assignment
 * ({@code assignedAt + cards.sign-grace}) gets its red card only when that time comes, and only if the miss still stands
 * and the unit still holds the work (not completed, returned or withdrawn meanwhile). The card is dated at the end of
 * the grace period, not at the sweep, and its id derives from the miss: two sweeps, or a replay, issue it once.
 */
@ApplicationScoped
public class DeferredCards {

    private static final Set<AssignmentStatus.Status> HELD = EnumSet.of(AssignmentStatus.Status.OPEN, AssignmentStatus.Status.ACCEPTED,
            AssignmentStatus.Status.REPORTED, AssignmentStatus.Status.OVERDUE);

    @Inject
    Clock clock;

    @Inject
    Warnings warnings;

    @Inject
    EntityManager em;

    @Scheduled(every = "${duban.supervision.cards.rectification-sweep:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        sweep();
    }

    /** Issues the red cards whose grace period has ended; returns how many. Rows are locked (SKIP LOCKED) while carded. */
    @Transactional
    public int sweep() {
        Instant now = clock.instant();
        List<MissedDue> ripe = em.createQuery("from MissedDue m where m.cardDueAt <= :now and m.recoveredAt is null", MissedDue.class)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .getResultList();
        int issued = 0;
        for (MissedDue due : ripe) {
            AssignmentStatus s = AssignmentStatus.findById(due.assignmentId);
            if (s != null && HELD.contains(s.status)) {
                StatusProjection.redCard(warnings, s, due, due.dueKind, due.cardDueAt);
                issued++;
            }
            due.cardDueAt = null;
        }
        return issued;
    }
}
