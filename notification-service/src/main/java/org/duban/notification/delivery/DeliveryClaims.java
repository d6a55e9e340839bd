package org.duban.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.notification.config.NotificationConfig;
import org.duban.platform.inbox.TransientFailure;
import org.duban.platform.net.Causes;

/**
 * Claims (leases) on due delivery rows (issue 19). A pass claims rows ({@code select … for update skip locked}, then
 * status SENDING with its own claim token and a lease) in a short transaction of its own, each row rendered in that
 * transaction ({@link OutgoingMessages}); a row it does not send is handed back ({@link #release}) without counting an
 * attempt. A claim that ran out may be taken by another pass — except right after a database outage, when the owners
 * of such claims are still recording their results ({@link ResultRecorder}): then expired claims are left alone for
 * {@code lease-margin}.
 */
@ApplicationScoped
class DeliveryClaims {

    @Inject
    NotificationConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    OutgoingMessages messages;

    /** A claim failed on a transient failure (the database away) since the last one that worked. */
    private volatile boolean databaseAway;
    /** When a claim last worked again after {@link #databaseAway}: expired claims are held for lease-margin from it. */
    private volatile Instant databaseBackAt = Instant.EPOCH;

    /** Claims up to a batch of due rows under {@code token}, in a transaction of its own. */
    List<Claimed> claim(UUID token) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> claimRows(token));
        } catch (RuntimeException e) {
            if (TransientFailure.isTransient(e)) {
                databaseAway = true; // the next successful claim starts the hold on expired claims (see claimRows)
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private List<Claimed> claimRows(UUID token) {
        Instant now = clock.instant();
        Instant wallNow = Instant.now();
        Instant until = wallNow.plus(config.dispatch().lease());
        if (databaseAway) {
            databaseAway = false;
            databaseBackAt = wallNow;
        }
        // Right after a database outage the owners of claims that ran out meanwhile are recording their results
        // (ResultRecorder): expired claims are left to them for lease-margin, else a row sent and about to be
        // recorded SENT would be claimed again and sent twice. PENDING rows are claimed as ever.
        boolean reclaim = !wallNow.isBefore(databaseBackAt.plus(config.dispatch().leaseMargin()));
        List<UUID> ids = em.createNativeQuery("""
                with due as (
                    select id from delivery
                    where (status = 'PENDING' or (?6 and status = 'SENDING' and claimed_until < ?2)) and next_attempt_at <= ?1
                    order by next_attempt_at limit ?3
                    for update skip locked)
                update delivery d set status = 'SENDING', claim_token = ?4, claimed_until = ?5
                from due where d.id = due.id
                returning d.id""", UUID.class)
                .setParameter(1, now).setParameter(2, wallNow).setParameter(3, config.dispatch().batchSize())
                .setParameter(4, token).setParameter(5, until).setParameter(6, reclaim)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (UUID id : ids) {
            Delivery d = em.find(Delivery.class, id);
            try {
                claimed.add(new Claimed(id, token, until, messages.outgoing(d), null));
            } catch (RuntimeException e) {
                claimed.add(new Claimed(id, token, until, null, "template/preparation error: " + Causes.describe(e)));
            }
        }
        return claimed;
    }

    /** A row this pass claimed but did not send: due again at once for the next pass, no attempt counted. Call in a transaction. */
    void release(SendResult result) {
        em.createNativeQuery("""
                update delivery set status = 'PENDING', claim_token = null, claimed_until = null
                where id = ?1 and claim_token = ?2 and status = 'SENDING'""")
                .setParameter(1, result.deliveryId()).setParameter(2, result.token()).executeUpdate();
    }
}
