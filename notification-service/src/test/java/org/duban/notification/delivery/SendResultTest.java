package org.duban.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.duban.platform.net.Causes;

/** How a send's outcome is classified and logged (SENT, FAILED, IN_DOUBT), without a channel or a database. */
class SendResultTest {

    private static final Claimed CLAIMED = new Claimed(UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2026-12-07T02:02:00Z"),
            null, null);

    @Test
    void aSendIsLoggedSentAndAReleaseIsNoAttempt() {
        assertEquals(Delivery.SENT, SendResult.sent(CLAIMED).attemptStatus());
        SendResult released = SendResult.released(CLAIMED);
        assertTrue(released.released());
        assertFalse(released.sent());
        assertEquals(CLAIMED.token(), released.token());
    }

    @Test
    void aMessageThatWentOutWithoutAnAnswerIsInDoubtNotFailed() {
        SendResult inDoubt = SendResult.failed(CLAIMED, "SocketTimeoutException: Read timed out", false, false, true);
        assertEquals(DeliveryAttempt.IN_DOUBT, inDoubt.attemptStatus());
        assertFalse(inDoubt.permanent());
        assertEquals(Delivery.FAILED, SendResult.failed(CLAIMED, "refused", false, false, false).attemptStatus());
    }

    @Test
    void aHopelessRefusalIsPermanentAndNeverInDoubt() {
        SendResult hopeless = SendResult.failed(CLAIMED, "private address", false, true, true);
        assertTrue(hopeless.permanent());
        assertFalse(hopeless.inDoubt(), "refused before anything was sent");
        assertEquals(Delivery.FAILED, hopeless.attemptStatus());
    }

    @Test
    void whatCannotBeRenderedOrHasNoChannelIsPermanent() {
        SendResult unsendable = SendResult.unsendable(CLAIMED, "no channel SMS");
        assertTrue(unsendable.permanent());
        assertFalse(unsendable.hopeless());
        assertEquals("no channel SMS", unsendable.error());
    }

    @Test
    void aFailureIsDescribedWithItsCauses() {
        String described = Causes.describe(new IOException("send failed", new SocketTimeoutException("Read timed out")));
        assertEquals("IOException: send failed ← SocketTimeoutException: Read timed out", described);
    }
}
