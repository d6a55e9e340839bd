package org.duban.notification.trigger;

import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.escalation.OverdueLadder;
import org.duban.notification.notice.AssignmentInfo;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.platform.time.ChineseDates;

/**
 * Issue 22, withdraw and cancel, in the consumers' transactions. 撤销交办 ({@link AssignmentWithdrawn}): the overdue
 * ladder of the assignment stops for good (a later miss from a sweep's older snapshot opens nothing) and the unit is
 * told, with the reason. A cancelled inspection ({@link InspectionCancelled}): each unit of an announced inspection is
 * told it is off; an unannounced one's units were never told of it and are not told now.
 */
@ApplicationScoped
public class WithdrawalNotices {

    private static final Logger LOG = Logger.getLogger(WithdrawalNotices.class);
    private static final EnumSet<Audience> UNIT = EnumSet.of(Audience.DUTY_CONTACT, Audience.HEAD);

    @Inject
    Notifier notifier;

    @Inject
    OverdueLadder ladder;

    public void withdrawn(UUID eventId, AssignmentWithdrawn w) {
        ladder.end(w.assignmentId(), OverdueLadder.WITHDRAWN, w.withdrawnAt());
        String title = w.taskTitle() != null ? w.taskTitle() : AssignmentInfo.titleOf(w.assignmentId());
        notifier.notify(new Notice(eventId, NoticeType.WITHDRAWN, w.unitId(), EnumSet.of(Audience.DUTY_CONTACT),
                Notices.params("taskTitle", title, "reason", reason(w.reason())), false, w.assignmentId()));
    }

    public void cancelled(UUID eventId, InspectionCancelled c) {
        if (!c.announced()) {
            LOG.debugf("inspection %s was unannounced: its cancellation tells no one", c.inspectionId());
            return;
        }
        for (UUID unit : c.unitIds() == null ? java.util.List.<UUID> of() : c.unitIds()) {
            notifier.notify(new Notice(Notices.perUnit(eventId, unit), NoticeType.INSPECTION_CANCELLED, unit, UNIT,
                    Notices.params("title", c.title(), "startsAt", c.startsAt() == null ? "近期" : ChineseDates.day(c.startsAt()),
                            "reason", reason(c.reason())), false, null));
        }
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "未说明" : reason.strip();
    }
}
