package org.duban.notification.escalation;

import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.events.task.DueDateChanged;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.notice.AssignmentInfo;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.platform.time.ChineseDates;

/**
 * DueDateChanged (issue 18: a working-day deadline counted again when its year's calendar was entered): the ladder of the
 * old date is re-keyed or closed ({@link OverdueLadder#dueDateChanged}) and the unit's duty contact is told the old and
 * the new date, as Beijing days ({@code 2027年1月8日}), and what became of the 催办. The notice's id is the event's, so a
 * redelivered event tells nothing twice (and the consumer's EventInbox drops it before that).
 */
@ApplicationScoped
public class DueDateChanges {

    @Inject
    OverdueLadder ladder;

    @Inject
    Notifier notifier;

    /** In the consumer's transaction. */
    public void on(UUID eventId, DueDateChanged changed) {
        OverdueLadder.Moved moved = ladder.dueDateChanged(changed);
        if (moved == OverdueLadder.Moved.ENDED) {
            return; // the work was completed, returned or withdrawn: its date no longer concerns the unit
        }
        String chase = switch (moved) {
            case REKEYED -> "按调整后的时限仍已逾期，逾期催办继续。";
            case CLOSED -> "原时限的逾期催办随之终止，请按调整后的时限完成。";
            default -> "请按调整后的时限完成。";
        };
        notifier.notify(new Notifier.Notice(eventId, NoticeType.DUE_DATE_CHANGED, changed.unitId(), EnumSet.of(Audience.DUTY_CONTACT),
                Notices.params("taskTitle", AssignmentInfo.titleOf(changed.assignmentId()), "oldDue", day(changed.oldDueAt()),
                        "newDue", day(changed.newDueAt()), "reason", changed.reason() == null ? "未说明" : strip(changed.reason()),
                        "chase", chase),
                false, changed.assignmentId()));
    }

    private static String day(java.time.Instant at) {
        return at == null ? "（未定）" : ChineseDates.day(at);
    }

    /** The reason as task-service wrote it, without a closing 。 (the template adds one). */
    private static String strip(String reason) {
        String r = reason.strip();
        return r.endsWith("。") ? r.substring(0, r.length() - 1) : r;
    }
}
