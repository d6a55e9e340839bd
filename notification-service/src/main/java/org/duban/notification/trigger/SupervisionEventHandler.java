package org.duban.notification.trigger;

import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.duban.events.DomainEvent;
import org.duban.events.EventRoutes;
import org.duban.events.supervision.BulletinPublished;
import org.duban.events.supervision.CardColor;
import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.WarningIssued;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.notification.workqueue.WorkQueue;
import org.duban.platform.time.ChineseDates;

/**
 * Supervision events → notices to the unit's duty contact and head, one method per event type, in the transaction of
 * {@link SupervisionEventsConsumer}'s batch. An unannounced inspection (暗访) tells no one, ever: not before it starts
 * (the point of it) and not after (the units learn of it from the inspectors, then from findings and rectification
 * orders, which do notify). Findings, reports, closings and lifted warnings notify no one.
 */
@ApplicationScoped
public class SupervisionEventHandler {

    private static final Logger LOG = Logger.getLogger(SupervisionEventHandler.class);
    private static final EnumSet<Audience> UNIT = EnumSet.of(Audience.DUTY_CONTACT, Audience.HEAD);

    @Inject
    Notifier notifier;

    @Inject
    WithdrawalNotices withdrawals;

    @Inject
    WorkQueue workQueue;

    private final EventRoutes routes = new EventRoutes()
            .on(WarningIssued.class, this::warningIssued)
            .on(InspectionScheduled.class, this::inspectionScheduled)
            .on(InspectionCancelled.class, (id, c) -> withdrawals.cancelled(id, c)) // issue 22: an announced inspection is off
            .on(RectificationOrdered.class, this::rectificationOrdered)
            .on(BulletinPublished.class, this::bulletinPublished);

    /** One supervision event: the work queue (待办: rectification reports to review) first, then its own method. */
    public void handle(UUID eventId, DomainEvent event) {
        workQueue.on(eventId, event);
        routes.dispatch(eventId, event);
    }

    void warningIssued(UUID id, WarningIssued w) {
        boolean red = w.cardColor() == CardColor.RED;
        notifier.notify(new Notice(id, NoticeType.WARNING, w.unitId(), UNIT,
                Notices.params("color", red ? "红牌" : "黄牌", "reason", w.reason()), red, w.assignmentId()));
    }

    void inspectionScheduled(UUID id, InspectionScheduled i) {
        if (!i.announced()) {
            LOG.debugf("inspection %s is unannounced: no notice", i.inspectionId());
            return;
        }
        for (UUID unit : i.unitIds()) {
            notifier.notify(new Notice(Notices.perUnit(id, unit), NoticeType.INSPECTION, unit, UNIT,
                    Notices.params("title", i.title(), "startsAt", i.startsAt() == null ? "近期" : ChineseDates.day(i.startsAt())), false, null));
        }
    }

    void rectificationOrdered(UUID id, RectificationOrdered r) {
        notifier.notify(new Notice(id, NoticeType.RECTIFICATION, r.unitId(), UNIT,
                Notices.params("requirement", r.requirement(), "due", r.dueAt() == null ? "规定时限" : ChineseDates.day(r.dueAt())),
                false, null));
    }

    void bulletinPublished(UUID id, BulletinPublished b) {
        String period = (b.periodStart() == null ? "" : b.periodStart().getYear() + "年" + b.periodStart().getMonthValue() + "月"
                + b.periodStart().getDayOfMonth() + "日") + "至"
                + (b.periodEnd() == null ? "" : b.periodEnd().getYear() + "年" + b.periodEnd().getMonthValue() + "月"
                        + b.periodEnd().getDayOfMonth() + "日");
        for (UUID unit : b.laggingUnitIds()) {
            notifier.notify(new Notice(Notices.perUnit(id, unit), NoticeType.BULLETIN, unit, UNIT,
                    Notices.params("title", b.title(), "period", period), false, null));
        }
    }
}
