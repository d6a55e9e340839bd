package org.duban.notification.delivery;

import java.util.UUID;

import org.duban.notification.notice.Notices;

/** A way out of the service (email, webhook). {@link #send} returns normally only when the other side took it. */
public interface Channel {

    /** A claimed delivery, rendered and ready to go. */
    record Outgoing(UUID deliveryId, UUID eventId, String channel, String recipient, UUID unitId, String noticeType,
            boolean urgent, Notices.Rendered notice, String endpoint) {
    }

    String name();

    void send(Outgoing outgoing) throws Exception;
}
