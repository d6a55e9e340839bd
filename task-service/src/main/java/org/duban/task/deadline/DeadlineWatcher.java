package org.duban.task.deadline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Period;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.events.DomainEvent;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.task.plan.Task;

/**
 * Announces each due date of open work once per (assignment, due date, kind of due date, notice) — the reminders
 * {@code DeadlineApproaching} at each configured lead time, then {@code DeadlineMissed}. Three kinds of due date
 * (task-service/README.md, "Deadline watcher"):
 * <ul>
 * <li>FINAL: the assignment's deadline (after any approved extension);</li>
 * <li>MILESTONE: each CONFIRMED, dated milestone of the task, watched on the task's LEAD assignment(s); met when a
 * report of that assignment states an actual quantity reaching the target;</li>
 * <li>REPORT: for ongoing tasks (持续推进), one report per reporting period (the task's cadence, else its plan's,
 * else P3M) counted from the assignment's {@code assignedAt}; met by any report filed after the period began.</li>
 * </ul>
 * A notice has a moment: the due date for MISSED, the due date minus the lead time for a reminder. The open work is
 * cut into fixed ranges of assignment ids, each with its own mark ({@link DeadlineCursor}). A sweep at time T
 * announces, range by range, every notice whose moment lies in (the range's swept_until, T] — of several in that
 * window for one due date only the most urgent — and moves the range's mark to T in the transaction that writes the
 * events, holding it alone meanwhile: what was announced is committed with the announcement, consecutive windows do
 * not overlap, so nothing is announced twice and nothing needs a row per notice to remember it. Due dates that
 * appear behind the mark — new work already late, an extension or a milestone confirmed after its date, a new
 * cadence — are announced by the change that makes them ({@code announce…}). Each notice's event id is derived from
 * its key. Time comes from the injected {@link Clock}, bounded by the database's ({@link #now}).
 */
@ApplicationScoped
public class DeadlineWatcher {

    private static final Logger LOG = Logger.getLogger(DeadlineWatcher.class);

    static final String MISSED = "MISSED";

    /** The lower bound of "every due date so far": before any due date Duban holds. */
    static final Instant BEGINNING = Instant.EPOCH;

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    DeadlineConfig config;

    @Inject
    DeadlineCursor cursor;

    @Inject
    Recoveries recoveries;

    @Scheduled(every = "${duban.deadline.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSweep() {
        sweep();
    }

    /**
     * Assignment.Status.OPEN as an SQL list; matches the partial index of V6__assignment_lifecycle. Written out rather
     * than read from the enum, so that this package does not depend on the assignment package (issue 23);
     * {@code OpenStatusesTest} keeps the two equal.
     */
    static final String OPEN_STATUSES = "'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED'";

    /**
     * Due dates per kind as (assignment_id, task_id, unit_id, due_at, label), not yet met, of open assignments in
     * {@code {SCOPE}} (a condition on {@code a}, for milestones also on {@code m}) with the due date in
     * ({@code ?1}, {@code ?2}], never one before the assignment's {@code counts_from} (a plan adopted under way, V42).
     */
    private static final String FINAL_DUES = """
            select a.id, a.task_id, a.unit_id, a.due_at, cast(null as text)
            from assignment a
            where a.status in (%s) and a.due_at is not null and {SCOPE} and a.due_at > ?1 and a.due_at <= ?2
              and (a.counts_from is null or a.due_at >= a.counts_from)"""
            .formatted(OPEN_STATUSES);

    private static final String MILESTONE_DUES = """
            select a.id, a.task_id, a.unit_id, m.due_at, m.label
            from assignment a join milestone m on m.task_id = a.task_id
            where a.status in (%s) and {SCOPE} and a.role = 'LEAD' and m.status = 'CONFIRMED'
              and m.due_at > ?1 and m.due_at <= ?2 and (a.counts_from is null or m.due_at >= a.counts_from)
              and not exists (select 1 from progress_report r join milestone_actual ma on ma.report_id = r.id
                              where r.assignment_id = a.id and ma.milestone_id = m.id
                                and (m.target_quantity is null or ma.actual_quantity >= m.target_quantity))"""
            .formatted(OPEN_STATUSES);

    /**
     * Periods k = 1, 2, … of ongoing work run from assigned_at + (k-1)·cadence to assigned_at + k·cadence, added on
     * Beijing's calendar whatever the session's time zone (a month after 2021-01-31 01:00 is 2021-02-28 01:00 in
     * Asia/Shanghai; added in UTC, where it is still 01-30, it would be 03-01); a period is met by any report filed after
     * it began (a report after its end still catches it up before it is announced).
     * Only the periods ending inside the window are generated: k is estimated from the window's ends and the epoch
     * length of the cadence (a month counts 30 days there, so the estimate drifts by about one period in ten years of
     * monthly reports; two periods of margin each side), then filtered exactly.
     */
    private static final String REPORT_DUES = """
            select a.id, a.task_id, a.unit_id, p.due_at,
                   '第' || p.k || '期 ' || to_char(p.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') || '至'
                        || to_char(p.due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
            from assignment a
            join task t on t.id = a.task_id
            left join plan pl on pl.id = t.plan_id
            cross join lateral (select cast({CADENCE} as interval) as cadence) c
            cross join lateral (select nullif(extract(epoch from c.cadence), 0) as seconds) cs
            cross join lateral (
                select k, (a.assigned_at at time zone 'Asia/Shanghai' + (k - 1) * c.cadence) at time zone 'Asia/Shanghai' as starts_at,
                       (a.assigned_at at time zone 'Asia/Shanghai' + k * c.cadence) at time zone 'Asia/Shanghai' as due_at
                from generate_series(
                        greatest(1, floor(extract(epoch from (cast(?1 as timestamptz) - a.assigned_at)) / cs.seconds)::int - 2),
                        floor(extract(epoch from (cast(?2 as timestamptz) - a.assigned_at)) / cs.seconds)::int + 2) k) p
            where t.deadline_kind = 'ONGOING' and a.status in (%s) and {SCOPE} and p.due_at > ?1 and p.due_at <= ?2
              and (a.counts_from is null or p.due_at >= a.counts_from)
              and not exists (select 1 from progress_report r where r.assignment_id = a.id and r.reported_at > p.starts_at)"""
            .formatted(OPEN_STATUSES);

    /** A bound ({@code ?1} or {@code ?2}) or a fragment ({@code {SCOPE}}, {@code {CADENCE}}) in the templates above. */
    private static final Pattern BOUND = Pattern.compile("\\?([12])|\\{(SCOPE|CADENCE)\\}");

    /**
     * A piece of SQL with its values bound, never inlined: {@code text} has a {@code ?} per value, in order. The scope
     * of a query (an assignment, a task's assignments, a range of ids) and a cadence are such pieces.
     */
    record Sql(String text, List<Object> values) {

        Sql(String text, Object... values) {
            this(text, List.of(values));
        }
    }

    /** A due date not yet met. */
    record Due(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, String label) {
    }

    /**
     * The due dates of {@code dueKind} in (after, upTo] of the open assignments in {@code scope} (SQL, see above). Read
     * with plain JDBC: a sweep reads a million rows, and Hibernate's native-query rows cost a third more.
     */
    List<Due> dues(String dueKind, Sql scope, Instant after, Instant upTo) {
        return dues(dueKind, scope, after, upTo, CADENCE_IN_FORCE);
    }

    /** The reporting cadence of a task in force: its own, else its plan's, else quarterly. */
    private static final Sql CADENCE_IN_FORCE = new Sql("coalesce(t.reporting_cadence, pl.reporting_cadence, 'P3M')");

    /** As {@link #dues(String, Sql, Instant, Instant)}, REPORT periods by {@code cadence} (SQL over t and pl). */
    private List<Due> dues(String dueKind, Sql scope, Instant after, Instant upTo, Sql cadence) {
        String template = switch (dueKind) {
            case DueKind.FINAL -> FINAL_DUES;
            case DueKind.MILESTONE -> MILESTONE_DUES;
            case DueKind.REPORT -> REPORT_DUES;
            default -> throw new IllegalArgumentException(dueKind);
        };
        // the templates name their two bounds ?1 and ?2, some more than once, and their fragments {SCOPE} and {CADENCE};
        // JDBC wants one ? per use, bound in the order they appear
        Matcher bound = BOUND.matcher(template);
        List<Object> bounds = new ArrayList<>();
        String sql = bound.replaceAll(match -> {
            if (match.group(1) != null) {
                bounds.add(Timestamp.from(match.group(1).equals("1") ? after : upTo));
                return "?";
            }
            Sql fragment = match.group(2).equals("SCOPE") ? scope : cadence;
            bounds.addAll(fragment.values());
            return Matcher.quoteReplacement(fragment.text());
        });
        // JDBC work does not flush the session as a Hibernate query would: the caller's unsaved changes (a new
        // assignment, a confirmed milestone) must be in the rows this reads
        em.flush();
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                // planned with its values every time (an unnamed statement, never a server-side prepared one): a generic
                // plan, which PostgreSQL picks for a prepared statement after five runs, knows neither the id range nor
                // the window and swept a million assignments in 12.2 s instead of 8.8 s (DeadlineSweepBench)
                query.unwrap(PGStatement.class).setPrepareThreshold(0);
                for (int i = 0; i < bounds.size(); i++) {
                    query.setObject(i + 1, bounds.get(i));
                }
                List<Due> dues = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        dues.add(new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                                rs.getTimestamp(4).toInstant(), rs.getString(5)));
                    }
                }
                return dues;
            }
        });
    }

    /** The condition "assignment {@code id}" for {@link #dues}. */
    static Sql assignment(UUID id) {
        return new Sql("a.id = ?", id);
    }

    /**
     * One sweep up to now; returns how many notices it announced. It walks the {@value DeadlineCursor#RANGES} ranges of
     * assignment ids, {@code duban.deadline.parallel-ranges} at a time, each in a transaction of its own that takes the
     * range's mark alone, announces the notices of the range's open assignments whose moment lies between the mark and
     * now, and moves the mark with the events (issue 18: "announced" is committed with the event). Nothing is held
     * between ranges, so the sweep never holds a lock while it waits for a pooled connection. Should a range fail, the
     * ranges committed stay swept and the failed one is swept again by the next sweep; the sweep fails after the other
     * ranges have finished.
     */
    public int sweep() {
        Instant now = now();
        long started = System.nanoTime(); // for the log line only: how long the sweep took
        ExecutorService sweepers = Executors.newFixedThreadPool(Math.max(1, config.parallelRanges()), task -> {
            Thread thread = new Thread(task, "deadline-sweep");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Integer>> ranges = new ArrayList<>();
        try {
            for (int range = 1; range <= DeadlineCursor.RANGES; range++) {
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

    /** A first sweep over years of open work may take a while: a range is a 64th of it. */
    private static final int RANGE_TIMEOUT_SECONDS = 600;

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
        Sql scope = DeadlineCursor.condition(range);
        List<Outbox.Entry> entries = new ArrayList<>();
        for (String dueKind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            for (Due due : dues(dueKind, scope, after, horizon(now))) {
                Notice notice = Notice.at(due.dueAt(), now, shortestFirst());
                if (notice != null && notice.moment().isAfter(after)) {
                    entries.add(notice.entry(due, dueKind, now));
                }
            }
        }
        outbox.publishAll(entries);
        cursor.advance(range, now);
        return entries.size();
    }

    // ---- changes that bring due dates behind the mark

    /**
     * New work (交办): its final due date and, for a lead unit, the task's milestones, where already behind the mark.
     * The events go to {@code announcements} when given (the caller writes them with {@code Outbox.publishAll}), else
     * straight to the outbox.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewAssignment(Watched assignment, Instant now, List<Outbox.Entry> announcements) {
        Instant mark = cursor.hold(assignment.id());
        List<Outbox.Entry> notices = new ArrayList<>();
        if (assignment.dueAt() != null && (assignment.countsFrom() == null || !assignment.dueAt().isBefore(assignment.countsFrom()))) {
            // what the FINAL query would find for it, without asking the database: an import makes thousands
            Notice notice = Notice.at(assignment.dueAt(), mark, shortestFirst());
            if (notice != null) {
                notices.add(notice.entry(new Due(assignment.id(), assignment.taskId(), assignment.unitId(), assignment.dueAt(), null),
                        DueKind.FINAL, now));
            }
        }
        if (assignment.lead()) {
            notices.addAll(behind(DueKind.MILESTONE, assignment(assignment.id()), Map.of(DeadlineCursor.rangeOf(assignment.id()), mark),
                    mark, now));
        }
        if (announcements != null) {
            announcements.addAll(notices);
        } else {
            publishEach(notices);
        }
    }

    /** An approved extension: the new final due date, should it already be behind the mark. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewDueDate(Watched assignment, Instant now) {
        Instant mark = cursor.hold(assignment.id());
        publishEach(behind(DueKind.FINAL, assignment(assignment.id()), Map.of(DeadlineCursor.rangeOf(assignment.id()), mark), mark,
                now));
    }

    /**
     * A milestone confirmed (or its date changed): its lead assignments, where the date is behind the mark. A confirmed
     * milestone re-dated no longer applies at its old date: each announced, unmet miss of the old date is closed with
     * {@code DeadlineRecovered} EXTENDED (issue 18), before the new date's notices.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceMilestone(UUID taskId, UUID milestoneId, Instant now) {
        recoveries.milestoneRedated(taskId, milestoneId, now);
        announceBehind(DueKind.MILESTONE, new Sql("a.task_id = ? and m.id = ?", taskId, milestoneId), now);
    }

    /**
     * A new reporting cadence (called before the change is flushed): the periods it makes due behind the mark that no
     * report has met; and the periods of the old cadence announced as missed and not met, which no longer apply unless
     * the new cadence has a period ending at the same moment, are each closed with {@code DeadlineRecovered} EXTENDED
     * (issue 18: every way a due date stops applying closes its miss).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void announceNewCadence(UUID taskId, Instant now) {
        // the cadence as this transaction read it from the database (Hibernate's loaded state): before the change
        Task task = em.find(Task.class, taskId);
        Sql oldCadence = null;
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        EntityEntry entry = task == null ? null : session.getPersistenceContextInternal().getEntry(task);
        if (entry != null && entry.getLoadedState() != null) {
            Object loaded = entry.getLoadedState()[entry.getPersister().getPropertyIndex("reportingCadence")];
            oldCadence = loaded == null ? new Sql("coalesce(pl.reporting_cadence, 'P3M')")
                    : new Sql("coalesce(cast(? as text), 'P3M')", Period.parse(loaded.toString()).toString());
        }
        Sql scope = new Sql("a.task_id = ?", taskId);
        Map<Integer, Instant> marks = cursor.holdAll();
        Instant latest = Collections.max(marks.values());
        List<Outbox.Entry> notices = behind(DueKind.REPORT, scope, marks, latest, now);
        publishEach(notices);
        if (oldCadence == null) {
            return;
        }
        List<Due> stillDue = dues(DueKind.REPORT, scope, BEGINNING, latest);
        Set<String> stillDueKeys = new HashSet<>();
        stillDue.forEach(due -> stillDueKeys.add(due.assignmentId() + "/" + due.dueAt()));
        for (Due old : dues(DueKind.REPORT, scope, BEGINNING, latest, oldCadence)) {
            if (!old.dueAt().isAfter(marks.get(DeadlineCursor.rangeOf(old.assignmentId())))
                    && !stillDueKeys.contains(old.assignmentId() + "/" + old.dueAt())) {
                recoveries.recover(old, DueKind.REPORT, Recoveries.EXTENDED, now);
            }
        }
    }

    /**
     * The most urgent notice of each due date in scope (a task's assignments, in any range) whose moment is at or before
     * the mark of its assignment's range; one row each.
     */
    private void announceBehind(String dueKind, Sql scope, Instant now) {
        Map<Integer, Instant> marks = cursor.holdAll();
        publishEach(behind(dueKind, scope, marks, Collections.max(marks.values()), now));
    }

    /** One outbox row per notice, under its derived id (a repeat of one still in the outbox is not written). */
    private void publishEach(List<Outbox.Entry> notices) {
        notices.forEach(entry -> outbox.publish(entry.event(), entry.id()));
    }

    /**
     * The most urgent notice of each due date in scope whose moment is at or before the mark of its assignment's range
     * ({@code marks}, held; {@code latest} the latest of them).
     */
    private List<Outbox.Entry> behind(String dueKind, Sql scope, Map<Integer, Instant> marks, Instant latest, Instant now) {
        List<Outbox.Entry> notices = new ArrayList<>();
        List<Due> dues = new ArrayList<>(dues(dueKind, scope, BEGINNING, horizon(latest)));
        // earliest due date first, whatever order the query's plan returns them in: a unit hears of its misses in order
        dues.sort(Comparator.comparing(Due::dueAt).thenComparing(Due::assignmentId));
        for (Due due : dues) {
            Notice notice = Notice.at(due.dueAt(), marks.get(DeadlineCursor.rangeOf(due.assignmentId())), shortestFirst());
            if (notice != null) {
                notices.add(notice.entry(due, dueKind, now));
            }
        }
        return notices;
    }

    // ---- notices

    /**
     * A notice of one due date: MISSED, or the reminder of a lead time ({@code lead} null for MISSED); its moment is
     * when it becomes due to be sent.
     */
    record Notice(Duration lead, Instant moment) {

        /**
         * The most urgent notice due for {@code dueAt} at {@code at}: MISSED once past, else the reminder of the
         * shortest lead time it falls within (a due date already within 3 days gets that reminder, not the 7-day one
         * it skipped past); null while no lead time has begun.
         */
        static Notice at(Instant dueAt, Instant at, List<Duration> shortestFirst) {
            if (!dueAt.isAfter(at)) {
                return new Notice(null, dueAt);
            }
            for (Duration lead : shortestFirst) {
                Instant moment = dueAt.minus(lead);
                if (!moment.isAfter(at)) {
                    return new Notice(lead, moment);
                }
            }
            return null;
        }

        /** e.g. MISSED, APPROACHING_PT72H: part of the event id. */
        String kind() {
            return lead == null ? MISSED : "APPROACHING_" + lead;
        }

        Outbox.Entry entry(Due due, String dueKind, Instant now) {
            DomainEvent event = lead == null
                    ? new DeadlineMissed(due.assignmentId(), due.taskId(), due.unitId(), due.dueAt(), now, dueKind, due.label())
                    : new DeadlineApproaching(due.assignmentId(), due.taskId(), due.unitId(), due.dueAt(), now, dueKind,
                            due.label());
            return new Outbox.Entry(eventId(due.assignmentId(), due.dueAt(), dueKind, kind()), event);
        }
    }

    /**
     * The event id of a notice (or its recovery): the same key always gives the same id — a name-based (version 3, MD5)
     * UUID of the assignment id, the due instant, the kind of due date and the notice, as {@link UUID#nameUUIDFromBytes}
     * makes it, but from the key's bytes and with one digest per thread: building the key as text and a new digest
     * per id cost a fifth of a million-notice sweep.
     */
    static UUID eventId(UUID assignmentId, Instant dueAt, String dueKind, String kind) {
        MessageDigest md5 = MD5.get();
        ByteBuffer key = ByteBuffer.allocate(28);
        key.putLong(assignmentId.getMostSignificantBits()).putLong(assignmentId.getLeastSignificantBits())
                .putLong(dueAt.getEpochSecond()).putInt(dueAt.getNano());
        md5.update(key.array());
        md5.update(dueKind.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        md5.update(kind.getBytes(StandardCharsets.UTF_8));
        byte[] hash = md5.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });

    /** The configured lead times, shortest first (read once: an import asks for every new assignment). */
    private List<Duration> shortestFirst() {
        List<Duration> sorted = shortestFirst;
        if (sorted == null) {
            sorted = config.approachingLeadTimes().stream().sorted().toList();
            shortestFirst = sorted;
        }
        return sorted;
    }

    private volatile List<Duration> shortestFirst;

    /** The latest due date with a notice due at {@code at}: {@code at} plus the longest lead time. */
    private Instant horizon(Instant at) {
        List<Duration> leads = shortestFirst();
        return leads.isEmpty() ? at : at.plus(leads.get(leads.size() - 1));
    }
}
