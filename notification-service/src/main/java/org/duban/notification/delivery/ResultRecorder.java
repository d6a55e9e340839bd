package org.duban.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.notification.config.NotificationConfig;
import org.duban.platform.inbox.TransientFailure;

/**
 * Records what became of a send, each result in its own transaction: SENT only after the server took it, else the
 * {@link RetryPlan} (back to PENDING with backoff, FAILED for good); every attempt is a {@link DeliveryAttempt} row,
 * IN_DOUBT when the message may have arrived. A result changes the row only while the row still carries the pass's
 * claim token, so a pass whose claim ran out cannot write over another pass's; its attempt is still logged.
 */
@ApplicationScoped
class ResultRecorder {

    private static final Logger LOG = Logger.getLogger(ResultRecorder.class);

    @Inject
    NotificationConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    DeliveryClaims claims;

    /**
     * Records a result, retrying a transient failure (the database away for a moment). The retries go on past the
     * claim's end (for up to another lease): {@link #record} checks the claim token, so a result recorded late is
     * taken only while no other pass has claimed the row again, and after an outage other passes leave expired claims
     * alone for {@code lease-margin} (see {@link DeliveryClaims}) so the owner records first. Before (issue 19's fault
     * suite, PostgreSQL restarted): a result not recorded by the claim's end was dropped and the message sent again.
     */
    void recordResult(SendResult result, Instant claimedUntil) {
        long backoff = 50;
        Instant giveUp = (claimedUntil == null ? Instant.now() : claimedUntil).plus(config.dispatch().lease());
        while (true) {
            try {
                if (result.released()) {
                    QuarkusTransaction.requiringNew().run(() -> claims.release(result));
                } else {
                    QuarkusTransaction.requiringNew().run(() -> record(result));
                }
                return;
            } catch (RuntimeException e) {
                if (!TransientFailure.isTransient(e) || Instant.now().plusMillis(backoff).isAfter(giveUp)) {
                    LOG.errorf(e, "could not record the result of delivery %s", result.deliveryId());
                    return;
                }
                LOG.warnf("delivery %s: recording its result failed (%s), retrying", result.deliveryId(), e.getMessage());
                try {
                    Thread.sleep(backoff); // a retry of our own write, on the sender's thread: nothing else to do meanwhile
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // short steps: once the database is back the owner must record before the hold on re-claims ends
                backoff = Math.min(backoff * 2, 400);
            }
        }
    }

    private void record(SendResult result) {
        @SuppressWarnings("unchecked")
        List<UUID> owned = em.createNativeQuery("""
                select id from delivery where id = ?1 and claim_token = ?2 and status = 'SENDING' for update""", UUID.class)
                .setParameter(1, result.deliveryId()).setParameter(2, result.token()).getResultList();
        Delivery d = em.find(Delivery.class, result.deliveryId());
        if (d == null) {
            return;
        }
        Instant now = clock.instant();
        if (owned.isEmpty()) {
            // the claim ran out and another pass took the row (or the ladder cancelled it): that pass's result counts.
            // The attempt is still logged as what it was, so a message that went out twice shows in the log.
            LOG.warnf("delivery %s: a result came after this pass's claim was lost (%s); logged, not recorded", d.id,
                    result.sent() ? "sent" : result.error());
            DeliveryAttempt late = attempt(d, now);
            late.status = result.sent() ? Delivery.SENT : Delivery.FAILED;
            late.error = "claim lost before the result was recorded" + (result.error() == null ? "" : ": " + result.error());
            late.persist();
            return;
        }
        d.attempts++;
        d.claimedUntil = null;
        d.claimToken = null;
        DeliveryAttempt attempt = attempt(d, now);
        // in doubt: the whole message went out and the answer did not come in time; the receiver may have it. Sent
        // again under the same delivery id (X-Duban-Delivery, and the mail's Message-ID derived from it), so a
        // receiver or a mail store can drop the copy; the log says which attempts may have arrived.
        attempt.status = result.attemptStatus();
        if (result.sent()) {
            d.status = Delivery.SENT;
            d.sentAt = now;
            d.lastError = null;
        } else {
            d.lastError = result.error();
            attempt.error = result.error();
            RetryPlan.Next next = RetryPlan.of(config.dispatch()).afterFailure(d.attempts, result.permanent(), result.hopeless(), now);
            d.status = next.status();
            if (next.nextAttemptAt() != null) {
                d.nextAttemptAt = next.nextAttemptAt();
            }
            switch (next.why()) {
                case REFUSED -> LOG.errorf("delivery %s (%s to %s) refused, not retried: %s", d.id, d.channel, d.recipient, result.error());
                case GAVE_UP -> LOG.errorf("delivery %s (%s to %s) gave up after %d attempts: %s", d.id, d.channel, d.recipient,
                        d.attempts, result.error());
                case STILL_FAILING -> LOG.errorf("delivery %s (%s to %s) still failing after %d attempts, transient, next at %s: %s",
                        d.id, d.channel, d.recipient, d.attempts, d.nextAttemptAt, result.error());
                case BACKING_OFF -> LOG.warnf("delivery %s (%s to %s) attempt %d failed, next at %s: %s", d.id, d.channel,
                        d.recipient, d.attempts, d.nextAttemptAt, result.error());
            }
        }
        attempt.persist();
    }

    private static DeliveryAttempt attempt(Delivery d, Instant now) {
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.deliveryId = d.id;
        attempt.eventId = d.eventId;
        attempt.channel = d.channel;
        attempt.recipient = d.recipient;
        attempt.attemptedAt = now;
        return attempt;
    }
}
