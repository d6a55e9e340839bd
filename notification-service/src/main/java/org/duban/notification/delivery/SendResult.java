package org.duban.notification.delivery;

import java.util.UUID;

/**
 * What became of one claimed row's send, and how its attempt is logged. {@code released}: not sent because the claim
 * would have run out during the send; handed back, no attempt. A failure is classified here from what the channel
 * says of its cause ({@link Channel#permanent}, {@link Channel#hopeless}, {@link Channel#inDoubt}).
 */
record SendResult(UUID deliveryId, UUID token, boolean sent, boolean released, String error, boolean permanent,
        boolean hopeless, boolean inDoubt) {

    static SendResult sent(Claimed c) {
        return new SendResult(c.deliveryId(), c.token(), true, false, null, false, false, false);
    }

    /** The claim would not outlast the send: handed back unsent for the next pass. */
    static SendResult released(Claimed c) {
        return new SendResult(c.deliveryId(), c.token(), false, true, null, false, false, false);
    }

    /** Never sendable as it stands (the same data renders the same, a channel that is not there): permanent. */
    static SendResult unsendable(Claimed c, String error) {
        return new SendResult(c.deliveryId(), c.token(), false, false, error, true, false, false);
    }

    /**
     * A failed send, as the channel judged its cause. Hopeless (refused before anything went out, for good) is also
     * permanent and never in doubt; in doubt (the whole message went out, the answer did not come) is logged IN_DOUBT.
     */
    static SendResult failed(Claimed c, String error, boolean permanent, boolean hopeless, boolean inDoubt) {
        return new SendResult(c.deliveryId(), c.token(), false, false, error, hopeless || permanent, hopeless, !hopeless && inDoubt);
    }

    /** The attempt's status in the delivery log while this pass still owns the row. */
    String attemptStatus() {
        if (sent) {
            return Delivery.SENT;
        }
        return inDoubt ? DeliveryAttempt.IN_DOUBT : Delivery.FAILED;
    }
}
