package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * How far the deadline watcher has swept, one mark per <em>range</em> of assignment ids ({@code deadline_watch}: V8,
 * a row per range since V32), and the locks that keep the marks exact.
 *
 * <p>The ids are random UUIDs, so {@value #RANGES} fixed ranges of the id space (the top six bits of the id) share the
 * open work evenly. A sweep announces one range at a time in a transaction of its own that holds that range's mark
 * alone, writes the range's events and moves its mark: what was announced is committed with the events, range by
 * range (issue 18). A sweep failing half-way leaves the ranges it committed swept and the others as they were; a due
 * date of an assignment at or before its range's mark was announced, one after it was not.
 *
 * <p>A change to due dates, or to what meets or ends them (a report, a completion, an extension, 退回, a transfer),
 * holds the mark of its assignment's range shared for its transaction, so it sees a mark no sweep can move until it
 * commits. It waits at most for one range's sweep (a few hundredths of the open work), and the range's sweep waits
 * for nothing but it: the sweep holds no lock while it asks the pool for a connection, and a change holding a
 * connection never waits on a sweep that needs another (issue 18). PostgreSQL advisory locks, not row locks on
 * {@code deadline_watch}, because many writers share a mark at once and shared row locks would each cost a multixact.
 */
@ApplicationScoped
public class DeadlineCursor {

    /** Ranges of the assignment id space, each with its own mark; the rows of {@code deadline_watch} (V32). */
    public static final int RANGES = IdRanges.RANGES;

    /** Arbitrary constant naming "the deadline watcher's marks" among the two-key advisory locks of task-service's database. */
    private static final int LOCK = 0xDEAD11AE;

    /** The marks this transaction holds (range → mark), among its resources. */
    private static final Object HELD = new Object();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The range (1 … {@value #RANGES}) of an assignment id ({@link IdRanges}). */
    public static int rangeOf(UUID assignmentId) {
        return IdRanges.rangeOf(assignmentId);
    }

    /**
     * The mark of {@code assignmentId}'s range, held shared until this transaction ends: waits for that range's sweep
     * if one is running, and keeps the next from moving the mark meanwhile. Asked again in the same transaction (an
     * import assigning two thousand units), it answers from memory.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant hold(UUID assignmentId) {
        int range = rangeOf(assignmentId);
        Map<Integer, Instant> held = held();
        Instant mark = held.get(range);
        if (mark == null) {
            em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(?1, ?2)) l").setParameter(1, LOCK)
                    .setParameter(2, range).getSingleResult();
            // read after the lock: a statement's snapshot is taken when it starts, so not in the locking statement
            mark = mark(range);
            held.put(range, mark);
        }
        return mark;
    }

    /** Every range's mark, held shared until this transaction ends (a change to a task's due dates: a milestone, a cadence). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Integer, Instant> holdAll() {
        Map<Integer, Instant> held = held();
        if (held.size() < RANGES) {
            em.createNativeQuery("select count(pg_advisory_xact_lock_shared(?1, r)) from generate_series(1, ?2) r")
                    .setParameter(1, LOCK).setParameter(2, RANGES).getSingleResult();
            held.putAll(marks());
        }
        return held;
    }

    /**
     * The mark of one range for its sweep, held alone until the sweep's range transaction ends: waits for the changes
     * holding it (and another instance's sweep of the range); changes of the range arriving meanwhile queue behind.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Instant takeAlone(int range) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1, ?2)) l").setParameter(1, LOCK)
                .setParameter(2, range).getSingleResult();
        return mark(range);
    }

    /** Moves the range's mark forward to {@code to} (never back), in the transaction that wrote its events. */
    @Transactional(Transactional.TxType.MANDATORY)
    void advance(int range, Instant to) {
        em.createNativeQuery("update deadline_watch set swept_until = ?1 where id = ?2 and swept_until < ?1")
                .setParameter(1, Timestamp.from(to)).setParameter(2, range).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private Map<Integer, Instant> held() {
        Map<Integer, Instant> held = (Map<Integer, Instant>) transaction.getResource(HELD);
        if (held == null) {
            held = new HashMap<>();
            transaction.putResource(HELD, held);
        }
        return held;
    }

    private Instant mark(int range) {
        return instant(em.createNativeQuery("select swept_until from deadline_watch where id = ?1").setParameter(1, range)
                .getSingleResult());
    }

    private Map<Integer, Instant> marks() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, swept_until from deadline_watch").getResultList();
        Map<Integer, Instant> marks = new HashMap<>();
        for (Object[] row : rows) {
            marks.put(((Number) row[0]).intValue(), instant(row[1]));
        }
        return marks;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
