package org.duban.notification.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.task.CalendarYearUnknown;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.platform.time.ChineseDates;

/**
 * CalendarYearUnknown (issue 18, the 1 December notice): next year's working-day calendar is not known. Told to the
 * supervision office (its inbox and mailbox, as every office notice: {@link Audience#OFFICE}) and to the admin role, who
 * enters the year: an entry in the admin role's inbox ({@link #ADMIN_INBOX}, read with {@code GET /api/admin/inbox}). The
 * admin is a role, not a unit, so it has no contacts in the unit replica and no mail goes to it here. Both entries carry
 * the event's id ({@code on conflict (event_id, unit_id) do nothing}); task-service announces the year once, with an id
 * derived from the year, and the consumer's EventInbox drops a redelivery.
 */
@ApplicationScoped
public class CalendarNotices {

    /** The inbox of the admin role ({@code inbox_entry.unit_id} of the admin's notices): name-based, the same everywhere. */
    public static final UUID ADMIN_INBOX = UUID.nameUUIDFromBytes("duban-role-inbox:admin".getBytes(StandardCharsets.UTF_8));

    @Inject
    Notifier notifier;

    @Inject
    Notices notices;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** In the consumer's transaction. */
    public void on(UUID eventId, CalendarYearUnknown unknown) {
        if (unknown.year() == null) {
            return; // nothing to say without the year
        }
        var params = Notices.params("year", unknown.year().toString(),
                "checkedOn", unknown.checkedOn() == null ? "12月1日" : ChineseDates.day(unknown.checkedOn()));
        notifier.notify(new Notifier.Notice(eventId, NoticeType.CALENDAR_UNKNOWN, ADMIN_INBOX, EnumSet.of(Audience.OFFICE), params, false,
                null));
        Notices.Rendered text = notices.render(NoticeType.CALENDAR_UNKNOWN, params);
        em.createNativeQuery("""
                insert into inbox_entry (id, unit_id, event_id, kind, title, body, created_at, urgent)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, false) on conflict (event_id, unit_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, ADMIN_INBOX).setParameter(3, eventId)
                .setParameter(4, NoticeType.CALENDAR_UNKNOWN.name()).setParameter(5, text.subject()).setParameter(6, text.text())
                .setParameter(7, clock.instant()).executeUpdate();
    }
}
