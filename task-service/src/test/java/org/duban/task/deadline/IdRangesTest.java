package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The ranges of the id space (plain JUnit): every id in exactly one, the SQL bounds as PostgreSQL orders uuids. */
class IdRangesTest {

    /** PostgreSQL's uuid order: by bytes, i.e. both longs unsigned (Java's UUID.compareTo compares them signed). */
    private static int pgCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static boolean inCondition(UUID id, int range) {
        List<Object> bounds = IdRanges.condition(range).values();
        return pgCompare(id, (UUID) bounds.get(0)) >= 0 && (bounds.size() == 1 || pgCompare(id, (UUID) bounds.get(1)) < 0);
    }

    @Test
    void theEdgesOfTheIdSpace() {
        assertEquals(1, IdRanges.rangeOf(new UUID(0, 0)));
        assertEquals(64, IdRanges.rangeOf(new UUID(-1, -1)));
        assertEquals(32, IdRanges.rangeOf(new UUID(0x7fffffffffffffffL, -1)));
        assertEquals(33, IdRanges.rangeOf(new UUID(0x8000000000000000L, 0)));
        assertEquals(new UUID(0x0400000000000000L, 0), IdRanges.lowest(2));
        assertEquals(1, IdRanges.condition(64).values().size(), "the last range has no upper bound");
        assertEquals("a.id >= ? and a.id < ?", IdRanges.condition(1).text());
    }

    @Test
    void everyIdIsInTheConditionOfItsRangeAndNoOther() {
        Random random = new Random(23);
        for (int i = 0; i < 2_000; i++) {
            UUID id = i < 128 ? IdRanges.lowest(1 + i / 2) : new UUID(random.nextLong(), random.nextLong());
            if (i < 128 && i % 2 == 1) {
                id = new UUID(IdRanges.lowest(1 + i / 2).getMostSignificantBits() - 1, -1); // the last id before it
            }
            int range = IdRanges.rangeOf(id);
            for (int r = 1; r <= IdRanges.RANGES; r++) {
                assertEquals(r == range, inCondition(id, r), id + " in range " + r);
            }
        }
    }
}
