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
import java.util.concurrent.Future;
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
 * backoff runs on the injected Clock (quiet hours and tests move it). Two instances never send one row twice
 * because a row is claimed under {@code skip locked} before it is sent; only if an instance dies after the server
 * took a message and before it recorded SENT can the row be sent again when its lease runs out — the one
 * duplicate SMTP cannot rule out.
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
    private Map<String, Channel> byName;

    @PostConstruct
    void start() {
        senders = Executors.newFixedThreadPool(config.dispatch().parallelism());
        byName = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    /**
     * Called after a transaction that wrote due deliveries committed (see {@link Notifier}): one pass now instead of
     * at the next poll, which stays as the safety net (rows of another instance, retries, quiet hours, digests).
     * Passes queued while one runs collapse into one.
     */
    public void wake() {
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
        try {
            for (int pass = 0; pass < 100 && dispatchOnce() > 0; pass++) {
                // keep going while there is work
            }
        } catch (RuntimeException e) {
            LOG.warnf("dispatch pass failed, next tick retries: %s", e.getMessage());
        }
    }

    /** One pass: claim up to a batch of due rows, send them, record the results. Returns how many were claimed. */
    public int dispatchOnce() {
        List<Prepared> batch = QuarkusTransaction.requiringNew().call(this::claim);
        List<Future<Result>> sending = new ArrayList<>();
        for (Prepared p : batch) {
            sending.add(senders.submit(() -> send(p)));
        }
        for (Future<Result> f : sending) {
            Result result;
            try {
                result = f.get();
            } catch (Exception e) {
                continue; // send() catches everything; an interrupted pass leaves the row claimed until its lease ends
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> record(result));
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not record the result of delivery %s", result.deliveryId());
            }
        }
        return batch.size();
    }

    private record Prepared(UUID deliveryId, Channel.Outgoing outgoing, String error) {
    }

    private record Result(UUID deliveryId, boolean sent, String error) {
    }

    @SuppressWarnings("unchecked")
    private List<Prepared> claim() {
        Instant now = clock.instant();
        Instant wallNow = Instant.now();
        List<UUID> ids = em.createNativeQuery("""
                select id from delivery
                where (status = 'PENDING' or (status = 'SENDING' and claimed_until < ?2)) and next_attempt_at <= ?1
                order by next_attempt_at limit ?3
                for update skip locked""", UUID.class)
                .setParameter(1, now).setParameter(2, wallNow).setParameter(3, config.dispatch().batchSize())
                .getResultList();
        List<Prepared> prepared = new ArrayList<>();
        for (UUID id : ids) {
            Delivery d = em.find(Delivery.class, id);
            d.status = Delivery.SENDING;
            d.claimedUntil = wallNow.plus(config.dispatch().lease());
            try {
                prepared.add(new Prepared(id, outgoing(d), null));
            } catch (RuntimeException e) {
                prepared.add(new Prepared(id, null, "template/preparation error: " + describe(e)));
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
            return new Result(p.deliveryId(), false, p.error());
        }
        Channel channel = byName.get(p.outgoing().channel());
        if (channel == null) {
            return new Result(p.deliveryId(), false, "no channel " + p.outgoing().channel());
        }
        try {
            channel.send(p.outgoing());
            return new Result(p.deliveryId(), true, null);
        } catch (Exception e) {
            return new Result(p.deliveryId(), false, describe(e));
        }
    }

    private void record(Result result) {
        Delivery d = em.find(Delivery.class, result.deliveryId());
        if (d == null || !Delivery.SENDING.equals(d.status)) {
            return;
        }
        Instant now = clock.instant();
        d.attempts++;
        d.claimedUntil = null;
        DeliveryAttempt attempt = new DeliveryAttempt();
        attempt.deliveryId = d.id;
        attempt.eventId = d.eventId;
        attempt.channel = d.channel;
        attempt.recipient = d.recipient;
        attempt.attemptedAt = now;
        if (result.sent()) {
            d.status = Delivery.SENT;
            d.sentAt = now;
            d.lastError = null;
            attempt.status = Delivery.SENT;
        } else {
            d.lastError = result.error();
            attempt.status = Delivery.FAILED;
            attempt.error = result.error();
            if (d.attempts >= config.dispatch().maxAttempts()) {
                d.status = Delivery.FAILED;
                LOG.errorf("delivery %s (%s to %s) gave up after %d attempts: %s", d.id, d.channel, d.recipient, d.attempts, result.error());
            } else {
                d.status = Delivery.PENDING;
                d.nextAttemptAt = now.plus(backoff(d.attempts));
                LOG.warnf("delivery %s (%s to %s) attempt %d failed, next at %s: %s", d.id, d.channel, d.recipient, d.attempts,
                        d.nextAttemptAt, result.error());
            }
        }
        attempt.persist();
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
