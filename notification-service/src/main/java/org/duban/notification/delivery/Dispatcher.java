package org.duban.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.platform.inbox.TransientFailure;
import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.unit.UnitReplica;

/**
 * Sends due deliveries. A pass <em>claims</em> rows ({@code select … for update skip locked}, then status SENDING with
 * a lease) in a short transaction, sends them outside any transaction, and records each result in its own
 * transaction: SENT only after the server took it, else back to PENDING with exponential backoff, FAILED for good
 * after {@code max-attempts}. Every attempt is a {@link DeliveryAttempt} row.
 *
 * <p>Why retries live in the table (attempt counter + {@code next_attempt_at}) rather than in an in-memory
 * {@code @Retry}: a retry waiting in memory dies with the process and holds a thread for the whole backoff; a row
 * survives restarts, can be picked up by any instance, shows in the delivery log with its next attempt, and its
 * backoff runs on the injected Clock (quiet hours and tests move it).
 *
 * <p>A claim is owned and bounded (issue 19). The pass writes its own claim token with the lease, and
 * {@link #record} changes a row only while it still carries that token, so a pass whose claim ran out cannot write
 * over another pass's. A send starts only while the claim outlasts the channel's longest send
 * ({@link Channel#maxDuration()}, a hard bound) plus {@code lease-margin}; a row whose claim would not last (a slow
 * server made the pass long) is handed back unsent, without counting an attempt, for the next pass. So no row is sent
 * by two passes (or two instances) at once, whatever the lease, batch, parallelism and server speed. One pass at a
 * time per instance: {@link #wake()} and the poll both go through {@link #tick()}, and a wake during a pass asks it
 * for one more round instead of starting a second. Only if an instance dies after the server took a message and
 * before it recorded SENT can the row be sent again when its lease runs out — the one duplicate SMTP cannot rule out
 * (at most one row per sender, {@code dispatch.parallelism}: each sender records its result before it takes the next
 * row, and a result the database could not take is recorded again past the claim, see {@link #recordResult}). A send whose whole message went out but whose answer came
 * too late is logged IN_DOUBT ({@link Channel#inDoubt}) and sent again under the same delivery id and Message-ID.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    NotificationConfig config;

    @Inject
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Clock clock;

    @Inject
    Notices notices;

    @Inject
    Instance<Channel> channels;

    /** Quarkus' worker pool, where the consumers and scheduled jobs run too. */
    @Inject
    ManagedExecutor waker;

    private ExecutorService senders;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** A pass loop is running on this instance. */
    private final AtomicBoolean passing = new AtomicBoolean();
    /** Work arrived while the pass loop ran: it goes round once more before it stops. */
    private final AtomicBoolean again = new AtomicBoolean();
    private Map<String, Channel> byName;
    /** A claim failed on a transient failure (the database away) since the last one that worked. */
    private volatile boolean databaseAway;
    /** When a claim last worked again after {@link #databaseAway}: expired claims are held for lease-margin from it. */
    private volatile Instant databaseBackAt = Instant.EPOCH;

    @PostConstruct
    void start() {
        byName = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
        for (Channel c : byName.values()) {
            Duration needed = c.maxDuration().plus(config.dispatch().leaseMargin());
            if (config.dispatch().lease().compareTo(needed) <= 0) {
                throw new IllegalStateException("duban.notification.dispatch.lease (" + config.dispatch().lease() + ") must exceed the "
                        + c.name() + " channel's longest send (" + c.maxDuration() + ") plus dispatch.lease-margin ("
                        + config.dispatch().leaseMargin() + "), or no send could start inside a claim");
            }
        }
        senders = Executors.newFixedThreadPool(config.dispatch().parallelism());
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    /**
     * Called after a transaction that wrote due deliveries committed (see {@link Notifier}): one pass now instead of
     * at the next poll, which stays as the safety net (rows of another instance, retries, quiet hours, digests).
     * Wakes queued while one is queued collapse into one; a wake while a pass runs makes that pass go round again.
     */
    public void wake() {
        again.set(true);
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakeQueued.set(false);
                    tick();
                });
            } catch (RuntimeException e) {
                wakeQueued.set(false); // shutting down
            }
        }
    }

    @Scheduled(every = "${duban.notification.dispatch.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated()) {
            return; // the database is not there yet: readiness says so, the jobs wait quietly
        }
        // one pass loop per instance, whoever calls (the poll or a wake): a second would only race the first for rows
        while (passing.compareAndSet(false, true)) {
            try {
                again.set(false);
                for (int pass = 0; pass < 100 && dispatchOnce() > 0; pass++) {
                    // keep going while there is work
                }
            } catch (RuntimeException e) {
                LOG.warnf("dispatch pass failed, next tick retries: %s", e.getMessage());
                again.set(false);
            } finally {
                passing.set(false);
            }
            if (!again.get()) {
                return; // a wake after this point finds passing false and runs its own loop
            }
        }
    }

    /** One pass: claim up to a batch of due rows, send them, record the results. Returns how many were claimed. */
    public int dispatchOnce() {
        UUID token = UUID.randomUUID();
        List<Prepared> batch;
        try {
            batch = QuarkusTransaction.requiringNew().call(() -> claim(token));
        } catch (RuntimeException e) {
            if (TransientFailure.isTransient(e)) {
                databaseAway = true; // the next successful claim starts the hold on expired claims (see claim)
            }
            throw e;
        }
        // Each sender records its own result before it takes the next row: a process killed mid-pass leaves sent but
        // unrecorded (and so sent again when the claim runs out) at most one row per sender, dispatch.parallelism in
        // all. Recording on the pass's thread instead (ba46e2f) let finished sends queue for it on a loaded host: the
        // fault suite's run 5 saw 29 mails and webhooks in doubt at one kill with 8 senders.
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (Prepared p : batch) {
            sends.add(senders.submit(() -> recordResult(send(p), p.claimedUntil())));
        }
        for (java.util.concurrent.Future<?> f : sends) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // stopping: the rows not recorded stay claimed until their lease ends
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.errorf(e.getCause(), "a send of this pass failed unexpectedly; its row stays claimed until its lease ends");
            }
        }
        return batch.size();
    }

    /**
     * Records a result, retrying a transient failure (the database away for a moment). The retries go on past the
     * claim's end (for up to another lease): {@link #record} checks the claim token, so a result recorded late is
     * taken only while no other pass has claimed the row again, and after an outage other passes leave expired claims
     * alone for {@code lease-margin} (see {@link #claim}) so the owner records first. Before (issue 19's fault suite,
     * PostgreSQL restarted): a result not recorded by the claim's end was dropped and the message sent again.
     */
    private void recordResult(Result result, Instant claimedUntil) {
        long backoff = 50;
        Instant giveUp = (claimedUntil == null ? Instant.now() : claimedUntil).plus(config.dispatch().lease());
        while (true) {
            try {
                if (result.released()) {
                    QuarkusTransaction.requiringNew().run(() -> release(result));
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
                    Thread.sleep(backoff); // a retry of our own write, on the pass's thread: nothing else to do meanwhile
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // short steps: once the database is back the owner must record before the hold on re-claims ends
                backoff = Math.min(backoff * 2, 400);
            }
        }
    }

    /** A claimed row, rendered, with the claim it was taken under. */
    private record Prepared(UUID deliveryId, UUID token, Instant claimedUntil, Channel.Outgoing outgoing, String error) {
    }

    /** {@code released}: not sent because the claim would have run out during the send; handed back, no attempt. */
    private record Result(UUID deliveryId, UUID token, boolean sent, boolean released, String error, boolean permanent,
            boolean hopeless, boolean inDoubt) {
        Result(UUID deliveryId, UUID token, boolean sent, boolean released, String error, boolean permanent, boolean hopeless) {
            this(deliveryId, token, sent, released, error, permanent, hopeless, false);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Prepared> claim(UUID token) {
        Instant now = clock.instant();
        Instant wallNow = Instant.now();
        Instant until = wallNow.plus(config.dispatch().lease());
        if (databaseAway) {
            databaseAway = false;
            databaseBackAt = wallNow;
        }
        // Right after a database outage the owners of claims that ran out meanwhile are recording their results
        // (recordResult): expired claims are left to them for lease-margin, else a row sent and about to be
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
        List<Prepared> prepared = new ArrayList<>();
        for (UUID id : ids) {
            Delivery d = em.find(Delivery.class, id);
            try {
                prepared.add(new Prepared(id, token, until, outgoing(d), null));
            } catch (RuntimeException e) {
                prepared.add(new Prepared(id, token, until, null, "template/preparation error: " + describe(e)));
            }
        }
        return prepared;
    }

    private Channel.Outgoing outgoing(Delivery d) {
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

    private Result send(Prepared p) {
        if (p.error() != null) {
            return new Result(p.deliveryId(), p.token(), false, false, p.error(), true, false); // the same data renders the same
        }
        Channel channel = byName.get(p.outgoing().channel());
        if (channel == null) {
            return new Result(p.deliveryId(), p.token(), false, false, "no channel " + p.outgoing().channel(), true, false);
        }
        // the pass is bounded by its lease: start a send only if even the slowest one ends (and is recorded) inside it
        if (Instant.now().plus(channel.maxDuration()).plus(config.dispatch().leaseMargin()).isAfter(p.claimedUntil())) {
            return new Result(p.deliveryId(), p.token(), false, true, null, false, false);
        }
        try {
            channel.send(p.outgoing());
            return new Result(p.deliveryId(), p.token(), true, false, null, false, false);
        } catch (Exception e) {
            boolean hopeless = channel.hopeless(e);
            return new Result(p.deliveryId(), p.token(), false, false, describe(e), hopeless || channel.permanent(e), hopeless,
                    !hopeless && channel.inDoubt(e));
        }
    }

    /** A row this pass claimed but did not send: due again at once for the next pass, no attempt counted. */
    private void release(Result result) {
        em.createNativeQuery("""
                update delivery set status = 'PENDING', claim_token = null, claimed_until = null
                where id = ?1 and claim_token = ?2 and status = 'SENDING'""")
                .setParameter(1, result.deliveryId()).setParameter(2, result.token()).executeUpdate();
    }

    private void record(Result result) {
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
        if (result.sent()) {
            d.status = Delivery.SENT;
            d.sentAt = now;
            d.lastError = null;
            attempt.status = Delivery.SENT;
        } else {
            d.lastError = result.error();
            // in doubt: the whole message went out and the answer did not come in time; the receiver may have it.
            // Sent again under the same delivery id (X-Duban-Delivery, and the mail's Message-ID derived from it),
            // so a receiver or a mail store can drop the copy; the log says which attempts may have arrived.
            attempt.status = result.inDoubt() ? DeliveryAttempt.IN_DOUBT : Delivery.FAILED;
            attempt.error = result.error();
            if (result.hopeless()) {
                // refused before sending, and no later attempt would be allowed either (issue 20): no retry
                d.status = Delivery.FAILED;
                LOG.errorf("delivery %s (%s to %s) refused, not retried: %s", d.id, d.channel, d.recipient, result.error());
            } else if (d.attempts >= config.dispatch().maxAttempts() && result.permanent()) {
                d.status = Delivery.FAILED;
                LOG.errorf("delivery %s (%s to %s) gave up after %d attempts: %s", d.id, d.channel, d.recipient, d.attempts, result.error());
            } else if (d.attempts >= config.dispatch().maxAttempts()) {
                // a transient failure (server down, no answer, 4xx SMTP, HTTP 5xx) never ends a notice: it waits for the
                // server, every max-backoff, for as long as it takes (issue 19), and shows in the log with each attempt
                d.status = Delivery.PENDING;
                d.nextAttemptAt = now.plus(config.dispatch().maxBackoff());
                LOG.errorf("delivery %s (%s to %s) still failing after %d attempts, transient, next at %s: %s", d.id, d.channel,
                        d.recipient, d.attempts, d.nextAttemptAt, result.error());
            } else {
                d.status = Delivery.PENDING;
                d.nextAttemptAt = now.plus(backoff(d.attempts));
                LOG.warnf("delivery %s (%s to %s) attempt %d failed, next at %s: %s", d.id, d.channel, d.recipient, d.attempts,
                        d.nextAttemptAt, result.error());
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

    /** initial × 2^(attempts−1), capped. */
    Duration backoff(int attempts) {
        Duration wait = config.dispatch().initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.dispatch().maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.dispatch().maxBackoff()) > 0 ? config.dispatch().maxBackoff() : wait;
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" ← ");
            }
            out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }
}
