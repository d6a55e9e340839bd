package org.duban.notification.trigger;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.duban.events.DomainEvent;
import org.duban.events.EventRoutes;
import org.duban.events.unit.UnitMerged;
import org.duban.notification.delivery.Delivery;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.escalation.OverdueLadder;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.recipient.Audience;

/**
 * Unit events ({@code duban.unit.events}) → the merged unit's work follows the survivor (issue 18), in the transaction
 * of {@link UnitEventsConsumer}'s batch: its open overdue items move to the survivor and restart at day 0 there
 * ({@link OverdueLadder#unitMerged}); its notices not sent yet (waiting for a retry, quiet hours or the digest; the
 * ladder's own reminders are handled with their items) are cancelled for the merged unit and planned again for the
 * survivor's duty contact, under the same event id, so the survivor's inbox and mailbox get them once however often
 * the merge is delivered. New notices already go to the survivor: {@code Recipients} follows the replica's merges.
 */
@ApplicationScoped
public class UnitEventHandler {

    private static final Logger LOG = Logger.getLogger(UnitEventHandler.class);

    @Inject
    OverdueLadder ladder;

    @Inject
    Notifier notifier;

    private final EventRoutes routes = new EventRoutes()
            .on(UnitMerged.class, (id, merged) -> merge(merged));

    /** One unit event; only a merge concerns notices (renames and contacts reach {@code Recipients} by the replica). */
    public void handle(UUID eventId, DomainEvent event) {
        routes.dispatch(eventId, event);
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
