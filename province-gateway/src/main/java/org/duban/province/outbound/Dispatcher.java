package org.duban.province.outbound;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

import org.duban.platform.net.Causes;
import org.duban.platform.schema.SchemaMigration;
import org.duban.province.config.GatewayConfig;
import org.duban.province.signing.Credentials;

/**
 * Delivers outbound messages to the province, in the shape of notification-service's dispatcher. A pass <em>claims</em>
 * due rows ({@code for update skip locked}, then SENDING with a wall-clock lease and a claim token) in a short
 * transaction, POSTs them outside any transaction, and records each result in its own transaction <em>only under its
 * token</em>: a send that outlived its lease (so another pass may have claimed the row again) cannot record a second
 * result. Leases are longer than a send can take (checked at start-up), so two instances never send one row at once.
 *
 * <p>Order per provincial task: a row is not claimed while an earlier row (lower {@code seq}) of the same
 * {@code provTaskId} is PENDING or SENDING. Code 0 → DELIVERED; code 2 or 3 → REJECTED (answered; not retried, shown
 * for a person to resend); anything else (network error, timeout, HTTP 5xx, code 1) → retried after the configured
 * backoff on the injected Clock (1 min, 5 min, 30 min, then every 2 h), and FAILED once the next attempt would fall
 * more than 24 h after the message became due. Every attempt is an {@code outbound_attempt} row. The envelope, and so
 * the msgId, is the same on every attempt; only the signing headers are new.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";

    @Inject
    GatewayConfig config;

    @Inject
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Clock clock;

    @Inject
    ProvinceClient client;

    @Inject
    Credentials credentials;

    @Inject
    ManagedExecutor waker;

    private ExecutorService senders;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean warnedUnconfigured;

    @PostConstruct
    void start() {
        Duration longestSend = config.dispatch().connectTimeout().plus(config.dispatch().requestTimeout());
        if (config.dispatch().lease().compareTo(longestSend.plusSeconds(10)) < 0) {
            throw new IllegalStateException("duban.province.dispatch.lease (" + config.dispatch().lease()
                    + ") must exceed connect + request timeout (" + longestSend + ") by 10 s, or a slow send could be sent twice");
        }
        if (config.dispatch().backoff().isEmpty()) {
            throw new IllegalStateException("duban.province.dispatch.backoff must name at least one wait");
        }
        senders = Executors.newFixedThreadPool(config.dispatch().parallelism());
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    /** After a commit that wrote or reopened outbound rows: a pass now rather than at the next poll. Passes queued while one runs collapse. */
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

    @Scheduled(every = "${duban.province.dispatch.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated() || !configured()) {
            return;
        }
        try {
            for (int pass = 0; pass < 1000 && dispatchOnce() > 0; pass++) {
                // keep going while there is work (the next row of a task becomes due as the one before is answered)
            }
        } catch (RuntimeException e) {
            LOG.warnf("dispatch pass failed, next tick retries: %s", e.getMessage());
        }
    }

    private boolean configured() {
        boolean ok = config.outboundUrl().filter(u -> !u.isBlank()).isPresent() && credentials.own().isPresent();
        if (!ok && !warnedUnconfigured) {
            warnedUnconfigured = true;
            LOG.warn("outbound messages wait: duban.province.outbound-url or duban.province.county.app-key is not set");
        }
        return ok;
    }

    private record Claimed(UUID id, String msgId, String envelope, UUID token) {
    }

    /** The outcome of one send. */
    private record Result(Claimed row, Integer httpStatus, Integer code, String msg, String error, long millis) {
    }

    /** One pass: claim up to a batch of due rows (at most one per provincial task), send them, record the results. */
    public int dispatchOnce() {
        UUID token = UUID.randomUUID();
        List<Claimed> batch = QuarkusTransaction.requiringNew().call(() -> claim(token));
        if (batch.isEmpty()) {
            return 0;
        }
        URI url = URI.create(config.outboundUrl().orElseThrow());
        List<Future<Result>> sending = new ArrayList<>();
        for (Claimed c : batch) {
            sending.add(senders.submit(() -> send(url, c)));
        }
        for (Future<Result> f : sending) {
            Result result;
            try {
                result = f.get();
            } catch (Exception e) {
                continue; // send() catches everything; an interrupted pass leaves the row to its lease
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> record(result));
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not record the result of outbound message %s", result.row().msgId());
            }
        }
        return batch.size();
    }

    @SuppressWarnings("unchecked")
    private List<Claimed> claim(UUID token) {
        Instant now = clock.instant();
        Instant wallNow = Instant.now();
        List<Object[]> rows = em.createNativeQuery("""
                with due as (
                    select m.id from outbound_message m
                    where (m.status = 'PENDING' or (m.status = 'SENDING' and m.claimed_until < ?2)) and m.next_attempt_at <= ?1
                      and not exists (select 1 from outbound_message e
                                      where e.prov_task_id = m.prov_task_id and e.seq < m.seq and e.status in ('PENDING', 'SENDING'))
                    order by m.seq limit ?3
                    for update of m skip locked)
                update outbound_message o set status = 'SENDING', claim_token = ?4, claimed_until = ?5
                from due where o.id = due.id
                returning o.id, o.msg_id, o.envelope""")
                .setParameter(1, now).setParameter(2, wallNow).setParameter(3, config.dispatch().batchSize())
                .setParameter(4, token).setParameter(5, wallNow.plus(config.dispatch().lease()))
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            claimed.add(new Claimed((UUID) r[0], (String) r[1], (String) r[2], token));
        }
        return claimed;
    }

    private Result send(URI url, Claimed c) {
        long start = System.nanoTime();
        try {
            ProvinceClient.Reply reply = client.post(url, c.envelope().getBytes(StandardCharsets.UTF_8));
            return new Result(c, reply.status(), reply.code(), reply.msg(), null, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(c, null, null, null, "interrupted", (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            return new Result(c, null, null, null, Causes.describe(e), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void record(Result r) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> owned = em.createNativeQuery("""
                select attempts, due_since from outbound_message
                where id = ?1 and claim_token = ?2 and status = 'SENDING' for update""")
                .setParameter(1, r.row().id()).setParameter(2, r.row().token()).getResultList();
        String outcome;
        int attempt;
        if (owned.isEmpty()) {
            // the lease ran out and another pass took the row: its result is the one that counts
            outcome = "CLAIM_LOST";
            attempt = 0;
            LOG.warnf("outbound %s: a result came after the claim was lost; logged, not recorded", r.row().msgId());
        } else {
            attempt = ((Number) owned.get(0)[0]).intValue() + 1;
            Instant dueSince = owned.get(0)[1] instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) owned.get(0)[1];
            String status;
            Instant next = null;
            if (r.code() != null && r.code() == 0 && r.httpStatus() != null && r.httpStatus() / 100 == 2) {
                status = DELIVERED;
            } else if (r.code() != null && (r.code() == 2 || r.code() == 3)) {
                status = REJECTED;
                LOG.errorf("outbound %s rejected by the province (HTTP %d, code %d): %s", r.row().msgId(), r.httpStatus(), r.code(), r.msg());
            } else {
                next = now.plus(backoff(attempt));
                if (next.isAfter(dueSince.plus(config.dispatch().giveUpAfter()))) {
                    status = FAILED;
                    next = null;
                    LOG.errorf("outbound %s FAILED after %d attempts since %s: %s", r.row().msgId(), attempt, dueSince, describe(r));
                } else {
                    status = PENDING;
                    LOG.warnf("outbound %s attempt %d failed, next at %s: %s", r.row().msgId(), attempt, next, describe(r));
                }
            }
            em.createNativeQuery("""
                    update outbound_message set status = ?2, attempts = ?3, next_attempt_at = coalesce(?4, next_attempt_at),
                           claim_token = null, claimed_until = null, last_http_status = ?5, last_code = ?6, last_error = ?7,
                           delivered_at = case when ?2 = 'DELIVERED' then ?8 else delivered_at end
                    where id = ?1""")
                    .setParameter(1, r.row().id()).setParameter(2, status).setParameter(3, attempt)
                    .setParameter(4, new TypedParameterValue<>(StandardBasicTypes.INSTANT, next))
                    .setParameter(5, integer(r.httpStatus())).setParameter(6, integer(r.code()))
                    .setParameter(7, text(DELIVERED.equals(status) ? null : describe(r))).setParameter(8, now)
                    .executeUpdate();
            outcome = PENDING.equals(status) ? "RETRY" : status;
        }
        em.createNativeQuery("""
                insert into outbound_attempt (message_id, attempt, attempted_at, http_status, answer_code, answer_msg, error, outcome, duration_ms)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, r.row().id()).setParameter(2, attempt).setParameter(3, now).setParameter(4, integer(r.httpStatus()))
                .setParameter(5, integer(r.code())).setParameter(6, text(r.msg())).setParameter(7, text(r.error())).setParameter(8, outcome)
                .setParameter(9, (int) Math.min(Integer.MAX_VALUE, r.millis())).executeUpdate();
    }

    /** A nullable parameter needs its type: PostgreSQL cannot infer it from a bare null. */
    private static TypedParameterValue<Integer> integer(Integer value) {
        return new TypedParameterValue<>(StandardBasicTypes.INTEGER, value);
    }

    private static TypedParameterValue<String> text(String value) {
        return new TypedParameterValue<>(StandardBasicTypes.STRING, value);
    }

    /** The wait after the n-th failed attempt: the configured list, its last entry repeating. */
    Duration backoff(int attempts) {
        List<Duration> waits = config.dispatch().backoff();
        return waits.get(Math.min(Math.max(attempts, 1), waits.size()) - 1);
    }

    private static String describe(Result r) {
        if (r.error() != null) {
            return r.error();
        }
        return "HTTP " + r.httpStatus() + (r.code() == null ? "" : ", code " + r.code()) + (r.msg() == null ? "" : ": " + r.msg());
    }
}
