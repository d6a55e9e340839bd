package org.duban.platform.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.duban.platform.schema.SchemaMigration;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes outbox rows to Kafka in {@code seq} order and marks them sent only after the broker has
 * acknowledged them. One relay at a time per database holds a transaction-scoped advisory lock, so two
 * instances of a service never publish the same row twice and per-aggregate order is kept. While Kafka is
 * down, sends fail, rows stay unsent and go out on a later pass.
 *
 * <p>A row the broker refuses for good (a record over {@code max.request.size}, checked before sending; an unknown or
 * invalid topic; an authorization failure) is a poison row: each such failure is counted on the row, later rows with
 * other keys go on, and after {@code duban.outbox.max-attempts} failures the row is parked ({@code parked_at},
 * {@code last_error}, metric {@code duban.outbox.parked}, a warning in readiness); later rows sharing one of its keys on
 * its topic wait behind it until an operator retries or discards it ({@link ParkedRows}). The relay's thread restarts
 * itself if an {@code Error} kills it, and {@link RelayHealth} reports a relay that is dead or stuck.
 *
 * <p>This class is the loop and its leadership; a pass is orchestrated here from its parts: {@link OutboxRows} (the
 * lock and the rows), {@link RelayPass} (the rules: which rows, which wait, what a failure means, what is marked, the
 * next wait), {@link RelaySender} (Kafka, with {@link BatchRowCodec} for batch rows) and {@link ParkedRows} (parking).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SchemaMigration schema;

    @Inject
    RelaySender sender;

    @Inject
    ParkedRows parking;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry meters;

    /** Test hook: runs before every pass on the relay's thread (platform's tests inject an Error or a stall here). */
    private volatile Runnable beforePass = () -> {
    };

    /** Sets the test hook (a method, not the field: a test holds the bean's client proxy). */
    void beforePass(Runnable hook) {
        beforePass = hook;
    }

    /** When the relay's loop last went round (liveness: a relay that stops going round is stuck). */
    private volatile Instant lastBeat = Instant.now();
    private volatile Throwable lastDeath;

    /** At most one pending wake-up: many commits during a pass ask for one more pass, not many. */
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread worker;

    void onStart(@Observes StartupEvent ignored) {
        start();
    }

    synchronized void start() {
        if (!config.enabled() || running) {
            return;
        }
        running = true;
        meters.gauge("duban.outbox.parked", parking.parkedCount());
        worker = newWorker();
        worker.start();
    }

    /**
     * The relay's thread. An {@code Error} out of a pass (the loop catches only exceptions: an Error may have left the
     * JVM in a state worth a fresh start) ends the thread; its handler logs it, counts {@code duban.outbox.relay.restarts}
     * and starts a new thread after the poll interval.
     */
    private Thread newWorker() {
        Thread thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((dead, error) -> died(error));
        return thread;
    }

    private void died(Throwable error) {
        lastDeath = error;
        meters.counter("duban.outbox.relay.restarts").increment();
        LOG.errorf(error, "the outbox relay died; restarting it in %s", config.pollInterval());
        try {
            Thread.sleep(config.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            if (running) {
                worker = newWorker();
                worker.start();
            }
        }
    }

    /** For liveness: whether the relay should run, and runs; when it last went round; what last killed it. */
    record State(boolean enabled, boolean alive, Instant lastBeat, Throwable lastDeath, long parked) {
    }

    State state() {
        Thread w = worker;
        return new State(config.enabled(), w != null && w.isAlive(), lastBeat, lastDeath, parking.parkedCount().get());
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Asks for a pass now (after a commit that wrote rows); never blocks the caller. */
    public void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    /** Passes, each followed by the wait {@link RelayPass#nextWait} gives. */
    private void loop() {
        while (running) {
            lastBeat = Instant.now();
            RelayPass.Ended ended;
            try {
                beforePass.run();
                ended = publishPass() ? RelayPass.Ended.FULL : RelayPass.Ended.DONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                LOG.warnf("outbox relay pass failed, retrying in %s: %s", config.pollInterval(), e.getMessage());
                ended = RelayPass.Ended.FAILED;
            }
            lastBeat = Instant.now();
            RelayPass.Wait wait = RelayPass.nextWait(ended, config.pollInterval());
            try {
                if (wait.wakeable()) {
                    wakeUps.poll(wait.duration().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    Thread.sleep(wait.duration().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * One pass: returns whether it published a full pass, all of it, so that more may be waiting (false when it found
     * less, when a row stayed unsent, or when another instance holds the relay lock).
     */
    boolean publishPass() throws SQLException, InterruptedException {
        if (!schema.isMigrated()) {
            return false; // the outbox table is not there yet
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean full = publishPass(c);
                c.commit();
                return full;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private boolean publishPass(Connection c) throws SQLException, InterruptedException {
        if (!OutboxRows.lock(c)) {
            return false;
        }
        RelayPass.Plan plan = RelayPass.plan(OutboxRows.unsent(c, config.batchSize()), config.batchSize(),
                config.batchEvents());
        if (plan.seqs().isEmpty()) {
            return false;
        }
        List<OutboxRow> rows = OutboxRows.read(c, plan.seqs());
        List<RelayPass.Step> steps = RelayPass.steps(rows, new RecordSize(sender.source(), config.maxRequestSize()));
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            acks.add(steps.get(i).kind() == RelayPass.Step.Kind.SEND ? sender.send(rows.get(i)) : null);
        }
        RelayPass.Settlement settlement = RelayPass.settle(rows, outcomes(steps, acks));
        if (settlement.unsent() != null) {
            LOG.warnf("Kafka did not acknowledge outbox row %d (%s); it stays unsent: %s", settlement.unsent().row().seq(),
                    settlement.unsent().row().type(), settlement.unsent().reason());
        }
        for (RelayPass.Refusal refusal : settlement.refused()) {
            parking.refused(c, refusal.row(), refusal.reason());
        }
        OutboxRows.markPublished(c, settlement.sent());
        parking.recount(c);
        return RelayPass.goOn(plan, settlement);
    }

    /** Waits for the broker's answers in row order, up to a minute each; after a transient failure waits no more. */
    private static List<RelayPass.Outcome> outcomes(List<RelayPass.Step> steps, List<CompletableFuture<?>> acks)
            throws InterruptedException {
        List<RelayPass.Outcome> outcomes = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            RelayPass.Step step = steps.get(i);
            RelayPass.Outcome outcome;
            if (step.kind() == RelayPass.Step.Kind.HOLD) {
                outcome = RelayPass.Outcome.HELD;
            } else if (step.kind() == RelayPass.Step.Kind.REFUSE) {
                outcome = RelayPass.outcome(new RelayPass.PoisonRow(step.reason()));
            } else {
                try {
                    acks.get(i).get(60, TimeUnit.SECONDS);
                    outcome = RelayPass.Outcome.ACKED;
                } catch (ExecutionException | TimeoutException e) {
                    outcome = RelayPass.outcome(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
                }
            }
            outcomes.add(outcome);
            if (outcome.endsThePass()) {
                break; // the broker is away: what follows fails too
            }
        }
        return outcomes;
    }
}
