package org.duban.notification.delivery;

import java.time.Duration;
import java.util.UUID;

import org.duban.notification.notice.Notices;

/** A way out of the service (email, webhook). {@link #send} returns normally only when the other side took it. */
public interface Channel {

    /** A claimed delivery, rendered and ready to go. */
    record Outgoing(UUID deliveryId, UUID eventId, String channel, String recipient, UUID unitId, String noticeType,
            boolean urgent, Notices.Rendered notice, String endpoint) {
    }

    String name();

    /**
     * The longest a {@link #send} can take before it fails on its own (connect, answers, a hard cut-off). The
     * dispatcher starts a send only while its claim on the row outlasts this, so a claim never runs out mid-send.
     */
    Duration maxDuration();

    void send(Outgoing outgoing) throws Exception;

    /**
     * Whether a failed send's cause is a refusal that the same message will meet again (SMTP 5xx, an address that is
     * not one, HTTP 4xx other than 408/425/429). Everything else — no connection, a timeout, SMTP 4xx, HTTP 5xx — is
     * transient: retried for as long as it takes, never FAILED for good (issue 19).
     */
    default boolean permanent(Exception failure) {
        return false;
    }

    /**
     * Whether a failed send was refused before anything was sent, for a reason no later attempt changes (a webhook
     * target on a private address, issue 20): FAILED at once, no retry. Implies {@link #permanent}.
     */
    default boolean hopeless(Exception failure) {
        return false;
    }

    /**
     * Whether a failed send may nevertheless have reached the receiver: the whole message was written and the answer
     * did not come in time (or the connection broke before it). Such an attempt is logged {@code IN_DOUBT}; the retry
     * carries the same delivery id so the receiver can drop a copy. No protocol here lets us ask.
     */
    default boolean inDoubt(Exception failure) {
        return false;
    }
}
