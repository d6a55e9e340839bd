package org.duban.notification.delivery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.platform.unit.UnitReplica;

/** A claimed delivery row as the message a channel sends: its notice rendered (a digest with its items), and the webhook's address. */
@ApplicationScoped
class OutgoingMessages {

    @Inject
    Notices notices;

    /** Inside the claim's transaction. Throws when the row cannot be rendered (a template error, no webhook URL any more). */
    Channel.Outgoing outgoing(Delivery d) {
        NoticeType type = NoticeType.valueOf(d.noticeType);
        Notices.Rendered rendered;
        if (type == NoticeType.DIGEST) {
            List<Delivery> items = Delivery.list("digestId = ?1 order by createdAt", d.id);
            List<Notices.Rendered> texts = items.stream()
                    .map(i -> notices.render(NoticeType.valueOf(i.noticeType), i.params)).toList();
            rendered = notices.render(type, d.params, texts);
        } else {
            rendered = notices.render(type, d.params);
        }
        String endpoint = null;
        if ("WEBHOOK".equals(d.channel)) {
            endpoint = UnitReplica.<UnitReplica> findByIdOptional(d.unitId).map(u -> u.webhookUrl)
                    .filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalStateException("unit has no webhook URL any more"));
        }
        return new Channel.Outgoing(d.id, d.eventId, d.channel, d.recipient, d.unitId, d.noticeType, d.urgent, rendered, endpoint);
    }
}
