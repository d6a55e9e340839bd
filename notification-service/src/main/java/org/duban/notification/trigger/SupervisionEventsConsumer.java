package org.duban.notification.notice;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.supervision.BulletinPublished;
import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.WarningIssued;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.recipient.Audience;
import org.duban.notification.workqueue.WorkQueue;
import org.duban.platform.inbox.EventInbox;
import org.duban.platform.time.ChineseDates;

/**
 * Supervision events → notices to the unit's duty contact and head, one transaction per polled batch
 * ({@link EventInbox#applyBatch}). An unannounced inspection (暗访) tells no one,
 * ever: not before it starts (the point of it) and not after (the units learn of it from the inspectors, then
 * from findings and rectification orders, which do notify).
 */
@ApplicationScoped
public class SupervisionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(SupervisionEventsConsumer.class);
    private static final EnumSet<Audience> UNIT = EnumSet.of(Audience.DUTY_CONTACT, Audience.HEAD);

    @Inject
    EventInbox inbox;

    @Inject
    Notifier notifier;

    @Inject
    WithdrawalNotices withdrawals;

    @Inject
    WorkQueue workQueue;

    @Incoming("supervision-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-supervision", records, event -> {
            UUID id = event.id();
            var payload = event.payload();
            workQueue.on(id, payload); // the work queue (待办): rectification reports to review
            if (payload instanceof WarningIssued w) {
                notifier.notify(new Notice(id, NoticeType.WARNING, w.unitId(), UNIT,
                        Notices.params("color", "RED".equals(w.color()) ? "红牌" : "黄牌", "reason", w.reason()), "RED".equals(w.color()),
                        w.assignmentId()));
            } else if (payload instanceof InspectionScheduled i) {
                if (!i.announced()) {
                    LOG.debugf("inspection %s is unannounced: no notice", i.inspectionId());
                    return;
                }
                for (UUID unit : i.unitIds()) {
                    notifier.notify(new Notice(perUnit(id, unit), NoticeType.INSPECTION, unit, UNIT,
                            Notices.params("title", i.title(), "startsAt", i.startsAt() == null ? "近期" : ChineseDates.day(i.startsAt())), false, null));
                }
            } else if (payload instanceof InspectionCancelled c) {
                withdrawals.cancelled(id, c); // issue 22: the units of an announced inspection are told it is off
            } else if (payload instanceof RectificationOrdered r) {
                notifier.notify(new Notice(id, NoticeType.RECTIFICATION, r.unitId(), UNIT,
                        Notices.params("requirement", r.requirement(), "due", r.dueAt() == null ? "规定时限" : ChineseDates.day(r.dueAt())),
                        false, null));
            } else if (payload instanceof BulletinPublished b) {
                String period = (b.periodStart() == null ? "" : b.periodStart().getYear() + "年" + b.periodStart().getMonthValue() + "月"
                        + b.periodStart().getDayOfMonth() + "日") + "至"
                        + (b.periodEnd() == null ? "" : b.periodEnd().getYear() + "年" + b.periodEnd().getMonthValue() + "月"
                                + b.periodEnd().getDayOfMonth() + "日");
                for (UUID unit : b.laggingUnitIds()) {
                    notifier.notify(new Notice(perUnit(id, unit), NoticeType.BULLETIN, unit, UNIT,
                            Notices.params("title", b.title(), "period", period), false, null));
                }
            }
            // findings, reports, closings and lifted warnings notify no one
        });
    }

    /** One event about several units is one notice per unit: (event, unit) is the notice's id. */
    static UUID perUnit(UUID eventId, UUID unitId) {
        return UUID.nameUUIDFromBytes((eventId + ":" + unitId).getBytes(StandardCharsets.UTF_8));
    }
}
