package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;

/**
 * The sweep: when it runs ({@code duban.deadline.sweep-interval}), what "now" is, and how it walks the
 * {@value IdRanges#RANGES} ranges of assignment ids — {@code duban.deadline.parallel-ranges} at a time, each in a
 * transaction of its own that claims the range's mark alone ({@link DeadlineCursor#takeAlone}), announces the notices
 * of the range's open assignments whose moment lies between the mark and now, and moves the mark with the events
 * (issue 18: "announced" is committed with the event). Nothing is held between ranges, so the sweep never holds a lock
 * while it waits for a pooled connection.
 */
@ApplicationScoped
class DeadlineSweep {

    private static final Logger LOG = Logger.getLogger(DeadlineSweep.class);

    /** A first sweep over years of open work may take a while: a range is a 64th of it. */
    private static final int RANGE_TIMEOUT_SECONDS = 600;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    DeadlineConfig config;

    @Inject
    DeadlineCursor cursor;

    @Inject
    DueQuery query;

    @Inject
    Announcements announcements;

    @Scheduled(every = "${duban.deadline.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        sweep();
    }

    /**
     * One sweep up to now; returns how many notices it announced. Should a range fail, the ranges committed stay swept
     * and the failed one is swept again by the next sweep; the sweep fails after the other ranges have finished.
     */
    int sweep() {
        Instant now = now();
        long started = System.nanoTime(); // for the log line only: how long the sweep took
        ExecutorService sweepers = Executors.newFixedThreadPool(Math.max(1, config.parallelRanges()), task -> {
            Thread thread = new Thread(task, "deadline-sweep");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Integer>> ranges = new ArrayList<>();
        try {
            for (int range = 1; range <= IdRanges.RANGES; range++) {
                int r = range;
                ranges.add(sweepers.submit(() -> QuarkusTransaction.requiringNew().timeout(RANGE_TIMEOUT_SECONDS)
                        .call(() -> sweepRange(r, now))));
            }
            int emitted = emitted(ranges);
            LOG.debugf("deadline sweep up to %s: %d notices in %d ms", now, emitted, (System.nanoTime() - started) / 1_000_000);
            return emitted;
        } finally {
            sweepers.shutdownNow();
        }
    }

    /**
     * "Now" for a sweep: the injected clock, but never ahead of the database's clock, the one clock every instance
     * shares (issue 18). An instance whose clock runs ahead would otherwise announce a window the others have not
     * reached yet — a miss before its due date on their clocks, and a report filed on time counted late. A clock behind
     * the database's only sweeps later.
     */
    Instant now() {
        Instant local = clock.instant();
        Instant database = QuarkusTransaction.requiringNew().call(() -> instant(em.createNativeQuery("select statement_timestamp()")
                .getSingleResult()));
        return local.isAfter(database) ? database : local;
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }

    /** Waits for every range; a failed range fails the sweep after the others have finished. */
    private static int emitted(List<Future<Integer>> ranges) {
        int emitted = 0;
        RuntimeException failure = null;
        for (Future<Integer> range : ranges) {
            try {
                emitted += range.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("deadline sweep interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return emitted;
    }

    /**
     * Announces the notices of one range of open assignments whose moment lies in (the range's mark, now] and moves
     * the mark, in the caller's transaction: the events and the fact that they were announced commit together.
     */
    private int sweepRange(int range, Instant now) {
        Instant after = cursor.takeAlone(range);
        if (!now.isAfter(after)) {
            return 0;
        }
        Notices notices = announcements.notices();
        DueQuery.Sql scope = IdRanges.condition(range);
        List<Outbox.Entry> entries = new ArrayList<>();
        for (String dueKind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            entries.addAll(notices.inWindow(dueKind, query.dues(dueKind, scope, after, notices.horizon(now)), after, now));
        }
        announcements.publishBatch(entries);
        cursor.advance(range, now);
        return entries.size();
    }
}
