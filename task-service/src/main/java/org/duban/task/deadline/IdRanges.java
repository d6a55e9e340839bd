package org.duban.task.deadline;

import java.util.UUID;

/**
 * The fixed ranges of the assignment id space the watcher's marks are kept per ({@link DeadlineCursor}): the top six
 * bits of a (random) id, plus one. Pure arithmetic, no database.
 */
final class IdRanges {

    /** Ranges of the assignment id space, each with its own mark; the rows of {@code deadline_watch} (V32). */
    static final int RANGES = 64;

    /** Bits of the id's most significant long below the range number. */
    private static final int SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(RANGES);

    private IdRanges() {
    }

    /** The range (1 … {@value #RANGES}) of an assignment id: its top six bits, plus one. */
    static int rangeOf(UUID assignmentId) {
        return (int) (assignmentId.getMostSignificantBits() >>> SHIFT) + 1;
    }

    /** The first id of {@code range}. */
    static UUID lowest(int range) {
        return new UUID((long) (range - 1) << SHIFT, 0);
    }

    /**
     * The condition on {@code a.id} of one range: from its first id to the next range's first (the last range has no
     * upper bound). PostgreSQL orders uuids by their bytes, i.e. as unsigned numbers, as the bounds are made here.
     */
    static DueQuery.Sql condition(int range) {
        return range == RANGES ? new DueQuery.Sql("a.id >= ?", lowest(range))
                : new DueQuery.Sql("a.id >= ? and a.id < ?", lowest(range), lowest(range + 1));
    }
}
