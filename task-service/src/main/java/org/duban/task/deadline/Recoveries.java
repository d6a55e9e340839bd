package org.duban.task.deadline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assignment;

/**
 * After a {@code DeadlineMissed}, the unit caught up: a late report, a completion or an approved extension announces
 * {@code DeadlineRecovered} for each miss it ends, in the caller's transaction. Which misses were announced follows
 * from the watcher's mark ({@link DeadlineCursor}), held for the transaction: a due date not yet met and at or before
 * the mark was announced as missed (by a sweep, or by the change that brought it), one after it was not. So the caller
 * asks <em>before</em> its change ({@link #missed}), while the assignment is still open and its due dates still unmet,
 * and announces the recovery after it ({@link #recover}). A miss is recovered once: the change that recovers it
 * also meets it (a report meets its periods and milestones, a completion closes the work, an extension replaces the
 * date), and the event id is derived from the miss.
 */
@ApplicationScoped
public class Recoveries {

    public static final String REPORTED = "REPORTED";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXTENDED = "EXTENDED";

    private static final String RECOVERED = "RECOVERED";

    @Inject
    DeadlineWatcher watcher;

    @Inject
    DeadlineCursor cursor;

    @Inject
    Outbox outbox;

    /** A due date announced as missed and not met since. */
    public record Miss(Instant dueAt, String dueKind) {
    }

    /**
     * The announced, still unmet misses of the open {@code assignment} of the given kinds; for MILESTONE only those of
     * {@code milestoneDates} when not null (the milestones a report is about to meet).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Miss> missed(Assignment assignment, Set<String> dueKinds, Set<Instant> milestoneDates) {
        Instant mark = cursor.hold();
        List<Miss> misses = new ArrayList<>();
        for (String dueKind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            if (!dueKinds.contains(dueKind)) {
                continue;
            }
            for (DeadlineWatcher.Due due : watcher.dues(dueKind, DeadlineWatcher.assignment(assignment.id),
                    DeadlineWatcher.BEGINNING, mark)) {
                if (!DueKind.MILESTONE.equals(dueKind) || milestoneDates == null || milestoneDates.contains(due.dueAt())) {
                    misses.add(new Miss(due.dueAt(), dueKind));
                }
            }
        }
        return misses;
    }

    /** Whether the final due date {@code dueAt} of an open assignment was announced as missed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean missedFinal(Instant dueAt) {
        return dueAt != null && !dueAt.isAfter(cursor.hold());
    }

    /** Announces the recovery of each miss (found by {@link #missed} before the change); returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int recover(Assignment assignment, List<Miss> misses, String how, Instant now) {
        for (Miss miss : misses) {
            outbox.publish(new DeadlineRecovered(assignment.id, assignment.taskId, assignment.unitId, miss.dueAt(),
                    miss.dueKind(), how, now), DeadlineWatcher.eventId(assignment.id, miss.dueAt(), miss.dueKind(), RECOVERED));
        }
        return misses.size();
    }
}
