package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * How far the deadline watcher has swept ({@code deadline_watch.swept_until}, V8__deadline_watch_cursor.sql), and
 * the lock that keeps it exact. A sweep holds the lock alone while it announces a window and moves the mark; a change
 * to due dates, or to what meets them (a report, a completion), holds it shared for its transaction, so it sees a mark
 * no sweep can move until it commits: a due date behind the mark was (or, for a new one, must now be) announced by
 * the change itself, one ahead of it is the next sweep's. A PostgreSQL advisory lock, not a row lock on
 * {@code deadline_watch}, because many writers share it at once and shared row locks would each cost a multixact.
 */
@ApplicationScoped
public class DeadlineCursor {

    /** Arbitrary constant naming "the deadline watcher's mark" among the advisory locks of task-service's database. */
    private static final long LOCK = 0xDEAD11AEL;

    /** The key of the mark this transaction holds, among its resources. */
    private static final Object HELD = new Object();

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /**
     * Waits for a running sweep, keeps the next from moving the mark until this transaction ends; returns the mark.
     * Asked again in the same transaction (an import assigning two thousand units), it answers from memory.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant hold() {
        Instant held = (Instant) transaction.getResource(HELD);
        if (held == null) {
            em.createNativeQuery("select 1 from (select pg_advisory_xact_lock_shared(?1)) l").setParameter(1, LOCK)
                    .getSingleResult();
            held = sweptUntil();
            transaction.putResource(HELD, held);
        }
        return held;
    }

    /**
     * The mark for a sweep, held alone until its transaction ends: waits for the changes and the sweep (of another
     * instance) holding it, and changes arriving meanwhile queue behind the sweep.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Instant takeAlone() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(?1)) l").setParameter(1, LOCK).getSingleResult();
        return sweptUntil();
    }

    /** Moves the mark forward to {@code to} (never back), inside the sweep's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    void advance(Instant to) {
        em.createNativeQuery("update deadline_watch set swept_until = ?1 where swept_until < ?1")
                .setParameter(1, Timestamp.from(to)).executeUpdate();
    }

    private Instant sweptUntil() {
        Object value = em.createNativeQuery("select swept_until from deadline_watch").getSingleResult();
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
