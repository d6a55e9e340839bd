package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.events.DomainEvent;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assignment;

/**
 * Finds open assignments whose due dates are near or past and announces each once per (assignment, due date,
 * kind of due date, notice). Three kinds of due date (task-service/README.md, "Deadline watcher"):
 * <ul>
 * <li>FINAL: the assignment's deadline (after any approved extension);</li>
 * <li>MILESTONE: each CONFIRMED, dated milestone of the task, watched on the task's LEAD assignment(s); met when a
 * report of that assignment states an actual quantity reaching the target;</li>
 * <li>REPORT: for ongoing tasks (持续推进), one report per reporting period (the task's cadence, else its plan's,
 * else P3M) counted from the assignment's {@code assignedAt}; met when a report was filed inside the period.</li>
 * </ul>
 * Every claim is one set-based {@code insert … select … on conflict do nothing returning} into
 * {@code deadline_notice}, range by range over {@code duban.deadline.batch-size} open assignments: of two
 * instances sweeping at once each notice is claimed by exactly one, and its event goes into the outbox in the same
 * transaction ({@code Outbox.publishAll}, one statement per 10,000 events). Time comes from the injected {@link Clock}.
 */
@ApplicationScoped
public class DeadlineWatcher {

    private static final Logger LOG = Logger.getLogger(DeadlineWatcher.class);

    static final String MISSED = "MISSED";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    DeadlineConfig config;

    @Scheduled(every = "${duban.deadline.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSweep() {
        sweep();
    }

    /** Assignment.Status.OPEN as an SQL list; matches the partial index of V6__assignment_lifecycle. */
    private static final String OPEN_STATUSES = Assignment.Status.OPEN.stream().map(s -> "'" + s + "'")
            .collect(Collectors.joining(", "));

    /** Candidate due dates per kind: (assignment_id, due_at, label); {@code {WINDOW}} is the condition on the due date. */
    private static final String FINAL_DUES = """
            select a.id as assignment_id, a.task_id as task_id, a.unit_id as unit_id, a.due_at as due_at, cast(null as text) as label
            from assignment a
            where a.status in (%s) and a.due_at is not null and {RANGE} and {WINDOW}""".formatted(OPEN_STATUSES)
            .replace("{WINDOW}", "{WINDOW:a.due_at}");

    private static final String MILESTONE_DUES = """
            select a.id as assignment_id, a.task_id as task_id, a.unit_id as unit_id, m.due_at as due_at, m.label as label
            from assignment a join milestone m on m.task_id = a.task_id
            where a.status in (%s) and {RANGE} and a.role = 'LEAD' and m.status = 'CONFIRMED' and m.due_at is not null
              and {WINDOW:m.due_at}
              and not exists (select 1 from progress_report r join milestone_actual ma on ma.report_id = r.id
                              where r.assignment_id = a.id and ma.milestone_id = m.id
                                and (m.target_quantity is null or ma.actual_quantity >= m.target_quantity))"""
            .formatted(OPEN_STATUSES);

    /**
     * Periods k = 1, 2, … of ongoing work run from assigned_at + (k-1)·cadence to assigned_at + k·cadence. Only
     * the periods around "now" are generated (an estimate of k from the epoch length of the cadence, -1 … +2), so
     * the sweep does constant work per assignment however long the work has been going on.
     */
    private static final String REPORT_DUES = """
            select a.id as assignment_id, a.task_id as task_id, a.unit_id as unit_id, p.due_at as due_at,
                   '第' || p.k || '期 ' || to_char(p.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') || '至'
                        || to_char(p.due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as label
            from assignment a
            join task t on t.id = a.task_id
            left join plan pl on pl.id = t.plan_id
            cross join lateral (select cast(coalesce(t.reporting_cadence, pl.reporting_cadence, 'P3M') as interval) as cadence,
                                       floor(extract(epoch from (cast(?2 as timestamptz) - a.assigned_at))
                                             / nullif(extract(epoch from cast(coalesce(t.reporting_cadence, pl.reporting_cadence, 'P3M') as interval)), 0))::int as est) c
            cross join lateral (
                select k, a.assigned_at + (k - 1) * c.cadence as starts_at, a.assigned_at + k * c.cadence as due_at
                from generate_series(greatest(1, c.est - 1), c.est + 2) k) p
            where t.deadline_kind = 'ONGOING' and a.status in (%s) and {RANGE} and {WINDOW:p.due_at}
              and not exists (select 1 from progress_report r where r.assignment_id = a.id
                              and r.reported_at > p.starts_at and r.reported_at <= p.due_at)"""
            .formatted(OPEN_STATUSES);

    /** The candidate query of a kind of due date, restricted to the window ({@code {COL}} is its due-date column). */
    private static String dues(String dueKind, String window) {
        String template = switch (dueKind) {
            case DueKind.FINAL -> FINAL_DUES;
            case DueKind.MILESTONE -> MILESTONE_DUES;
            case DueKind.REPORT -> REPORT_DUES;
            default -> throw new IllegalArgumentException(dueKind);
        };
        int at = template.indexOf("{WINDOW:");
        int close = template.indexOf('}', at);
        String column = template.substring(at + "{WINDOW:".length(), close);
        return template.substring(0, at) + window.replace("{COL}", column) + template.substring(close + 1);
    }

    /**
     * One pass over every kind of due date; returns how many notices it emitted. The open assignments are walked once,
     * in id order, in ranges of {@code duban.deadline.batch-size}; each range is claimed for every kind of due date and
     * notice in its own transaction with its events, {@code duban.deadline.parallel-ranges} ranges at a time (disjoint
     * ranges claim disjoint notices). Every assignment is looked at once per sweep, so a sweep's cost grows linearly
     * with the open work. Two instances walk the same ranges: the later one waits for the earlier
     * one's uncommitted claims, then claims none of them ({@code on conflict do nothing}) and moves on.
     */
    public int sweep() {
        Instant now = clock.instant();
        long started = System.nanoTime(); // for the log line only: how long the sweep took
        // Shortest lead time first: a due date already inside a shorter lead time (say 3 days) gets only
        // that reminder, not the longer ones it has skipped past (7 days) in the same breath.
        List<Duration> shortestFirst = config.approachingLeadTimes().stream().sorted().toList();
        ExecutorService claimers = Executors.newFixedThreadPool(Math.max(1, config.parallelRanges()), task -> {
            Thread thread = new Thread(task, "deadline-sweep");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Integer>> ranges = new ArrayList<>();
        try {
            UUID after = null;
            while (true) {
                UUID from = after;
                UUID upTo = QuarkusTransaction.requiringNew().call(() -> rangeEnd(from));
                ranges.add(claimers.submit(() -> QuarkusTransaction.requiringNew()
                        .call(() -> sweepRange(range(from, upTo), now, shortestFirst))));
                if (upTo == null) {
                    break;
                }
                after = upTo;
            }
            int emitted = emitted(ranges);
            LOG.debugf("deadline sweep: %d notices over %d ranges in %d ms", emitted, ranges.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return emitted;
        } finally {
            claimers.shutdownNow();
        }
    }

    /** Waits for every range; a failed range fails the sweep after the others have finished (the next sweep retries it). */
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

    /** Claims every notice due in one range of open assignments and writes their events to the outbox. */
    private int sweepRange(String range, Instant now, List<Duration> shortestFirst) {
        List<DomainEvent> events = new ArrayList<>();
        for (String dueKind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            for (Object[] row : claim(dueKind, range, now, shortestFirst)) {
                if (MISSED.equals(row[5])) {
                    events.add(new DeadlineMissed(uuid(row[0]), uuid(row[1]), uuid(row[2]), instant(row[3]), now, dueKind,
                            (String) row[4]));
                } else {
                    events.add(new DeadlineApproaching(uuid(row[0]), uuid(row[1]), uuid(row[2]), instant(row[3]), now,
                            dueKind, (String) row[4]));
                }
            }
        }
        outbox.publishAll(events);
        return events.size();
    }

    /** The id of the batch-size-th open assignment after {@code after}; null when fewer remain (the last range). */
    private UUID rangeEnd(UUID after) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select a.id from assignment a where a.status in (%s)%s order by a.id offset %d limit 1"
                .formatted(OPEN_STATUSES, after == null ? "" : " and a.id > cast('" + after + "' as uuid)", config.batchSize() - 1))
                .getResultList();
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The condition on {@code a.id} of one range; ids are UUIDs we read from the database, so safe to inline. */
    private static String range(UUID after, UUID upTo) {
        String lower = after == null ? "true" : "a.id > cast('" + after + "' as uuid)";
        return upTo == null ? lower : lower + " and a.id <= cast('" + upTo + "' as uuid)";
    }

    /** e.g. {@code APPROACHING_PT72H}; built from configured Durations only, so safe to inline in SQL. */
    private static String approachingKind(Duration lead) {
        return "APPROACHING_" + lead;
    }

    /**
     * One range's claim of every notice of one kind of due date, in one statement: each due date inside the longest
     * lead time is given the one notice its distance from now calls for — MISSED once past, else the reminder of the
     * shortest lead time it falls within (shortest first: a due date already within 3 days gets that reminder, not
     * the 7-day one it skipped past) — and a reminder is not claimed when a shorter one was already sent for that due
     * date. One walk of the range per kind of due date, not one per kind and notice: the sweep runs every minute over
     * all open work, and each walk costs the whole range (BENCHMARKS.md, event flow).
     *
     * <p>Notices already claimed are skipped by {@code on conflict do nothing} alone, which probes the primary key for
     * every candidate: a {@code not exists} filter against {@code deadline_notice} was planned, while the table's
     * statistics still said "empty" in the middle of a sweep, as a scan of all its rows per candidate, quadratic in
     * the open work. The "shorter reminder already sent" test is written as {@code kind = 'MISSED' or not exists …}
     * so it stays a per-candidate probe, and missed due dates skip it.
     */
    @SuppressWarnings("unchecked")
    private List<Object[]> claim(String dueKind, String range, Instant now, List<Duration> shortestFirst) {
        StringBuilder kindOf = new StringBuilder("case when x.due_at <= ?2 then '" + MISSED + "'");
        StringBuilder shorterOf = new StringBuilder("case due.kind");
        List<String> shorter = new ArrayList<>();
        for (int i = 0; i < shortestFirst.size(); i++) {
            Duration lead = shortestFirst.get(i);
            kindOf.append(" when x.due_at <= ?").append(3 + i).append(" then '").append(approachingKind(lead)).append("'");
            shorterOf.append(" when '").append(approachingKind(lead)).append("' then cast(array[")
                    .append(String.join(", ", shorter)).append("] as text[])");
            shorter.add("'" + approachingKind(lead) + "'");
        }
        kindOf.append(" end");
        String shorterThan = shortestFirst.isEmpty() ? "cast(array[] as text[])" : shorterOf.append(" end").toString();
        String window = "{COL} <= ?" + (2 + shortestFirst.size()); // now, or now + the longest lead time
        var query = em.createNativeQuery("""
                with due as (
                    select x.*, %s as kind from (%s) x),
                claimed as (
                    insert into deadline_notice (assignment_id, due_at, due_kind, kind, label, noticed_at)
                    select due.assignment_id, due.due_at, ?1, due.kind, due.label, ?2 from due
                    where due.kind = '%s'
                       or not exists (select 1 from deadline_notice n where n.assignment_id = due.assignment_id
                                      and n.due_at = due.due_at and n.due_kind = ?1 and n.kind = any(%s))
                    on conflict do nothing
                    returning assignment_id, due_at, kind, label)
                select d.assignment_id, d.task_id, d.unit_id, c.due_at, c.label, c.kind
                from claimed c join due d on d.assignment_id = c.assignment_id and d.due_at = c.due_at
                order by d.task_id, d.assignment_id""".formatted(kindOf, dues(dueKind, window).replace("{RANGE}", range),
                        MISSED, shorterThan))
                .setParameter(1, dueKind)
                .setParameter(2, Timestamp.from(now));
        // the horizons are parameters, not "now + interval" in SQL: adding days to a timestamptz is a time-zone
        // computation, done for every candidate row
        for (int i = 0; i < shortestFirst.size(); i++) {
            query.setParameter(3 + i, Timestamp.from(now.plus(shortestFirst.get(i))));
        }
        return query.getResultList();
    }

    private static UUID uuid(Object value) {
        return (UUID) value;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
