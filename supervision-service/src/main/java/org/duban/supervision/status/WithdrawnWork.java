package org.duban.supervision.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import org.duban.events.task.AssignmentWithdrawn;
import org.duban.supervision.warning.Warnings;

/**
 * 撤销交办 (issue 22): the supervision office withdrew the assignment; no unit holds it any more. As after 退回 (see
 * {@link StatusProjection}): its misses end, its open rule cards are annulled (they count nowhere, and leave a drafted
 * referral) and, WITHDRAWN, it leaves the board and the bulletins ({@link Light} gives it no light). A later
 * {@code DeadlineMissed} from a sweep's older snapshot is ignored for WITHDRAWN work ({@link StatusProjection}). Depends
 * on the event alone (its time, never the clock), so a replay gives the same rows.
 */
@ApplicationScoped
public class WithdrawnWork {

    private static final Logger LOG = Logger.getLogger(WithdrawnWork.class);

    /** The {@code recoveredHow} of the misses a withdrawal ends, as task-service's DeadlineRecovered names it. */
    static final String WITHDRAWN = "WITHDRAWN";

    @Inject
    Warnings warnings;

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(AssignmentWithdrawn w) {
        AssignmentStatus s = AssignmentStatus.findById(w.assignmentId());
        if (s == null) {
            LOG.warnf("withdrawal of unknown assignment %s ignored", w.assignmentId());
            return;
        }
        s.status = AssignmentStatus.Status.WITHDRAWN;
        s.missedOpen = 0;
        for (MissedDue open : MissedDue.<MissedDue> list("assignmentId = ?1 and recoveredAt is null", s.assignmentId)) {
            open.recoveredAt = w.withdrawnAt();
            open.recoveredHow = WITHDRAWN;
            open.cardDueAt = null;
        }
        warnings.annulForAssignment(s.assignmentId, "任务已撤销交办（" + brief(w.reason()) + "），本单位红黄牌作废", w.withdrawnAt());
        s.updatedAt = w.withdrawnAt();
    }

    private static String brief(String reason) {
        if (reason == null || reason.isBlank()) {
            return "未说明理由";
        }
        String r = reason.strip();
        return r.length() > 200 ? r.substring(0, 200) + "…" : r;
    }
}
