package org.duban.supervision.status;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueKind;
import org.duban.platform.time.ChineseDates;
import org.duban.supervision.warning.Warning;
import org.duban.supervision.warning.Warnings;
import org.jboss.logging.Logger;

/**
 * DueDateChanged (issue 18): a deadline counted in working days with weekends only, in a year the calendar did not know,
 * was counted again when an admin entered that year. The light follows the new date (the row's {@code dueAt}); the miss of
 * the old date, if open, closes as DUE_DATE_CHANGED (the assignment leaves red unless another due date is missed; not a
 * catching-up, so the light does not turn yellow for it), and the rule cards of the old date, red or yellow, are annulled:
 * that date never was the deadline, so they count against nobody. task-service's DeadlineRecovered EXTENDED of the old date,
 * which follows, finds the miss closed and changes nothing; a new date that is missed as well comes with its own
 * DeadlineMissed and red card. Event times only, never the clock, so a replay gives the same rows.
 */
@ApplicationScoped
public class DueDateChanges {

    public static final String DUE_DATE_CHANGED = "DUE_DATE_CHANGED";
    private static final Logger LOG = Logger.getLogger(DueDateChanges.class);

    @Inject
    Warnings warnings;

    /** In the consumer's transaction. */
    public void on(DueDateChanged changed) {
        AssignmentStatus s = AssignmentStatus.findById(changed.assignmentId());
        if (s == null) {
            LOG.warnf("due date change for unknown assignment %s ignored", changed.assignmentId());
            return;
        }
        String kind = changed.dueKind() == null ? DueKind.FINAL : changed.dueKind();
        Instant at = changed.changedAt();
        if (DueKind.FINAL.equals(kind) && changed.newDueAt() != null) {
            s.dueAt = changed.newDueAt();
        }
        s.updatedAt = at;
        if (changed.oldDueAt() == null || changed.oldDueAt().equals(changed.newDueAt())) {
            return;
        }
        MissedDue old = MissedDue.findById(new MissedDue.Key(s.assignmentId, kind, changed.oldDueAt()));
        if (old != null && old.isOpen()) {
            old.recoveredAt = at;
            old.recoveredHow = DUE_DATE_CHANGED;
            old.cardDueAt = null;
            s.missedOpen = Math.max(0, s.missedOpen - 1);
            if (s.missedOpen == 0 && s.status == AssignmentStatus.Status.OVERDUE) {
                s.status = s.lastReportedAt != null ? AssignmentStatus.Status.REPORTED : AssignmentStatus.Status.OPEN;
            }
        }
        String reason = "时限由" + ChineseDates.day(changed.oldDueAt()) + "调整为" + (changed.newDueAt() == null ? "（未定）" : ChineseDates.day(changed.newDueAt()))
                + "（" + (changed.reason() == null ? "期限重新计算" : changed.reason().strip()) + "），原时限的红黄牌作废";
        // the card ids derive from the due date as the events named it: the kind as sent, or null in the oldest events
        Set<String> kindsAsSent = new LinkedHashSet<>(Arrays.asList(changed.dueKind(), kind, null));
        for (String rule : new String[] { Warnings.RULE_MISSED, Warnings.RULE_APPROACHING }) {
            for (String asSent : kindsAsSent) {
                Warning card = Warning.findById(Warnings.ruleCardId(rule, s.assignmentId, changed.oldDueAt(), asSent));
                if (card != null && card.liftedAt == null) {
                    warnings.annul(card, reason, at);
                }
            }
        }
    }
}
