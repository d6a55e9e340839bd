package org.duban.notification.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import org.duban.notification.config.NotificationConfig;
import org.duban.platform.schema.SchemaMigration;

/**
 * Sends due deliveries, a pass at a time: {@link DeliveryClaims} claims a batch of rows (a lease under the pass's own
 * token, in a short transaction), {@link ChannelSender} sends each outside any transaction, and
 * {@link ResultRecorder} records each result in its own transaction (SENT, or what the {@link RetryPlan} says: PENDING
 * with backoff, FAILED for good; every attempt a {@link DeliveryAttempt} row, IN_DOUBT when it may have arrived).
 * This class only drives the passes.
 *
 * <p>Why retries live in the table (attempt counter + {@code next_attempt_at}) rather than in an in-memory
 * {@code @Retry}: a retry waiting in memory dies with the process and holds a thread for the whole backoff; a row
 * survives restarts, can be picked up by any instance, shows in the delivery log with its next attempt, and its
 * backoff runs on the injected Clock (quiet hours and tests move it).
 *
 * <p>A claim is owned and bounded (issue 19): a result changes a row only while it still carries the pass's token, and
 * a send starts only while the claim outlasts the channel's longest send plus {@code lease-margin}, so no row is sent
 * by two passes (or two instances) at once, whatever the lease, batch, parallelism and server speed. One pass at a
 * time per instance: {@link #wake()} and the poll both go through {@link #tick()}, and a wake during a pass asks it
 * for one more round instead of starting a second. Only if an instance dies after the server took a message and
 * before it recorded SENT can the row be sent again when its lease runs out — the one duplicate SMTP cannot rule out
 * (at most one row per sender, {@code dispatch.parallelism}: each sender records its result before it takes the next
 * row, and a result the database could not take is recorded again past the claim, see
 * {@link ResultRecorder#recordResult}). A send whose whole message went out but whose answer came too late is logged
 * IN_DOUBT ({@link Channel#inDoubt}) and sent again under the same delivery id and Message-ID.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    @Inject
    NotificationConfig config;

    @Inject
    SchemaMigration schema;

    @Inject
    DeliveryClaims claims;

    @Inject
    ChannelSender sender;

    @Inject
    ResultRecorder results;

    /** Quarkus' worker pool, where the consumers and scheduled jobs run too. */
    @Inject
    ManagedExecutor waker;

    private ExecutorService senders;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** A pass loop is running on this instance. */
    private final AtomicBoolean passing = new AtomicBoolean();
    /** Work arrived while the pass loop ran: it goes round once more before it stops. */
    private final AtomicBoolean again = new AtomicBoolean();

    @PostConstruct
    void start() {
        sender.requireSendsFitInALease();
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
        List<Claimed> batch = claims.claim(UUID.randomUUID());
        // Each sender records its own result before it takes the next row: a process killed mid-pass leaves sent but
        // unrecorded (and so sent again when the claim runs out) at most one row per sender, dispatch.parallelism in
        // all. Recording on the pass's thread instead (ba46e2f) let finished sends queue for it on a loaded host: the
        // fault suite's run 5 saw 29 mails and webhooks in doubt at one kill with 8 senders.
        List<Future<?>> sends = new ArrayList<>();
        for (Claimed c : batch) {
            sends.add(senders.submit(() -> results.recordResult(sender.send(c), c.claimedUntil())));
        }
        for (Future<?> f : sends) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // stopping: the rows not recorded stay claimed until their lease ends
            } catch (ExecutionException e) {
                LOG.errorf(e.getCause(), "a send of this pass failed unexpectedly; its row stays claimed until its lease ends");
            }
        }
        return batch.size();
    }
}
