package org.duban.notification.notice;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.unit.UnitMerged;
import org.duban.notification.delivery.Delivery;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.escalation.OverdueLadder;
import org.duban.notification.recipient.Audience;
import org.duban.platform.inbox.EventInbox;

/**
 * Unit events ({@code duban.unit.events}) → the merged unit's work follows the survivor (issue 18), in the event's
 * inbox transaction: its open overdue items move to the survivor and restart at day 0 there
 * ({@link OverdueLadder#unitMerged}); its notices not sent yet (waiting for a retry, quiet hours or the digest; the
 * ladder's own reminders are handled with their items) are cancelled for the merged unit and planned again for the
 * survivor's duty contact, under the same event id, so the survivor's inbox and mailbox get them once however often
 * the merge is delivered. New notices already go to the survivor: {@code Recipients} follows the replica's merges.
 */
@ApplicationScoped
public class UnitEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UnitEventsConsumer.class);

    @Inject
    EventInbox inbox;

    @Inject
    OverdueLadder ladder;

    @Inject
    Notifier notifier;

    @Incoming("unit-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-units", records, event -> {
            if (event.payload() instanceof UnitMerged merged) {
                merge(merged);
            }
        });
    }

    void merge(UnitMerged merged) {
        int items = ladder.unitMerged(merged.unitId(), merged.survivorId(), merged.mergedAt());
        List<Delivery> unsent = Delivery.list("unitId = ?1 and status in ?2 and overdueItemId is null order by createdAt",
                merged.unitId(), List.of(Delivery.PENDING, Delivery.WAITING_DIGEST));
        java.util.Set<UUID> planned = new java.util.HashSet<>();
        for (Delivery d : unsent) {
            d.status = Delivery.CANCELLED;
            d.lastError = "unit merged into " + merged.survivorId();
            if (planned.add(d.eventId)) {
                notifier.notify(new Notice(d.eventId, NoticeType.valueOf(d.noticeType), merged.survivorId(),
                        EnumSet.of(Audience.DUTY_CONTACT), Map.copyOf(d.params), d.urgent, d.assignmentId));
            }
        }
        LOG.infof("unit %s merged into %s: %d open overdue items and %d unsent notices follow the survivor", merged.unitId(),
                merged.survivorId(), items, planned.size());
    }
}
