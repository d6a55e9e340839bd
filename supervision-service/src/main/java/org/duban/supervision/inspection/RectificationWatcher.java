package org.duban.supervision.inspection;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;

import org.duban.supervision.warning.Warning;
import org.duban.supervision.warning.Warnings;

/** Watches rectification deadlines like task deadlines: one passed without a report gives the unit a red card. */
@ApplicationScoped
public class RectificationWatcher {

    @Inject
    Clock clock;

    @Inject
    Warnings warnings;

    @Scheduled(every = "${duban.supervision.cards.rectification-sweep:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        sweep();
    }

    /** Returns how many rectifications it found overdue. Rows are locked, so two sweeps never card one twice. */
    @Transactional
    public int sweep() {
        Instant now = clock.instant();
        List<Rectification> late = Rectification.getEntityManager().createQuery("""
                from Rectification r where r.status = 'ORDERED' and r.dueAt < :now and r.missedAt is null""", Rectification.class)
                .setParameter("now", now)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .getResultList();
        for (Rectification r : late) {
            r.missedAt = now;
            warnings.issueByRule(Warnings.ruleCardId(Warnings.RULE_RECTIFICATION_MISSED, r.rectificationId, r.dueAt), r.unitId,
                    Warning.RED, Warnings.RULE_RECTIFICATION_MISSED, "整改逾期未报：" + r.requirement + "（时限 " + r.dueAt + "）",
                    null, null, r.rectificationId, now);
        }
        return late.size();
    }
}
