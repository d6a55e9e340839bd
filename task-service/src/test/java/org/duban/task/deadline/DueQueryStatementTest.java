package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.duban.events.task.DueKind;

/** The watcher's statements alone (plain JUnit): one {@code ?} per value, values in the order of their {@code ?}, none inlined. */
class DueQueryStatementTest {

    private static final Instant AFTER = Instant.parse("2021-01-01T00:00:00Z");
    private static final Instant UP_TO = Instant.parse("2021-12-31T15:59:59Z");
    private static final UUID TASK = UUID.fromString("6f0c1a52-0000-4000-8000-000000000001");
    private static final UUID MILESTONE = UUID.fromString("6f0c1a52-0000-4000-8000-000000000002");

    private static long marks(String sql) {
        return sql.chars().filter(c -> c == '?').count();
    }

    @Test
    void eachKindBindsItsWindowAndScopeInOrder() {
        DueQuery.Sql scope = DueQuery.milestone(TASK, MILESTONE);
        DueQuery.Sql milestone = DueQuery.statement(DueKind.MILESTONE, scope, DueQuery.CADENCE_IN_FORCE, AFTER, UP_TO);
        assertEquals(List.of(TASK, MILESTONE, Timestamp.from(AFTER), Timestamp.from(UP_TO)), milestone.values());
        assertEquals(milestone.values().size(), marks(milestone.text()));

        DueQuery.Sql fin = DueQuery.statement(DueKind.FINAL, DueQuery.task(TASK), DueQuery.CADENCE_IN_FORCE, AFTER, UP_TO);
        assertEquals(List.of(TASK, Timestamp.from(AFTER), Timestamp.from(UP_TO)), fin.values());
        assertEquals(3, marks(fin.text()));
    }

    @Test
    void reportPeriodsBindTheWindowEachTimeItIsUsedAndTheCadence() {
        DueQuery.Sql cadence = new DueQuery.Sql("coalesce(cast(? as text), 'P3M')", "P1M");
        DueQuery.Sql report = DueQuery.statement(DueKind.REPORT, IdRanges.condition(3), cadence, AFTER, UP_TO);
        // cadence, window start and end in generate_series, the range's two bounds, then the window again
        assertEquals(List.of("P1M", Timestamp.from(AFTER), Timestamp.from(UP_TO), IdRanges.lowest(3), IdRanges.lowest(4),
                Timestamp.from(AFTER), Timestamp.from(UP_TO)), report.values());
        assertEquals(report.values().size(), marks(report.text()));
    }

    @Test
    void noValueIsWrittenIntoTheSql() {
        for (String kind : List.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT)) {
            String text = DueQuery.statement(kind, DueQuery.milestone(TASK, MILESTONE), DueQuery.CADENCE_IN_FORCE, AFTER, UP_TO).text();
            assertFalse(text.contains(TASK.toString()) || text.contains(MILESTONE.toString()) || text.contains("2021"), text);
            assertFalse(text.contains("?1") || text.contains("{SCOPE}") || text.contains("{CADENCE}"), text);
            assertTrue(text.contains("'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED'"), text);
        }
        assertThrows(IllegalArgumentException.class,
                () -> DueQuery.statement("WEEKLY", DueQuery.task(TASK), DueQuery.CADENCE_IN_FORCE, AFTER, UP_TO));
    }
}
