package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.time.ChineseDates;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.deadline.Recoveries;

/**
 * Moves an open assignment's final due date when nobody asked for it through an extension request: the office sets a
 * new 完成时限 (a plan adopted under way, re-dated in bulk). The path of an approved extension: was the old date
 * announced missed (asked before the change), the new date set with its history and {@code DueDateChanged}, the old
 * miss recovered EXTENDED, the new date announced should it already be behind the mark.
 */
@ApplicationScoped
public class DueDates {

    @Inject
    Recoveries recoveries;

    @Inject
    DeadlineWatcher watcher;

    @Inject
    Outbox outbox;

    /** False when the assignment already has that date (nothing written). {@code eventId} derives from the cause. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean move(Assignment a, Instant newDue, String reason, String actor, Instant now, UUID eventId) {
        Instant oldDue = a.dueAt;
        if (newDue.equals(oldDue)) {
            return false;
        }
        boolean oldDueMissed = recoveries.missedFinal(a.watched(), oldDue);
        a.dueAt = newDue;
        AssignmentHistory.record(a, a.status, actor, "完成时限调整：" + (oldDue == null ? "无" : ChineseDates.day(oldDue)) + " → "
                + ChineseDates.day(newDue) + "（" + reason + "）", now);
        outbox.publish(new DueDateChanged(a.id, a.taskId, a.unitId, DueKind.FINAL, oldDue, newDue, reason, now), eventId);
        if (oldDueMissed) {
            recoveries.recover(a.watched(), List.of(new Recoveries.Miss(oldDue, DueKind.FINAL)), Recoveries.EXTENDED, now);
        }
        watcher.announceNewDueDate(a.watched(), now);
        return true;
    }
}
