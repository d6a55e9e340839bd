package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.duban.task.assignment.Assignment;

/** The watcher's SQL list of open statuses, written out so that deadline does not depend on assignment, is Assignment.Status.OPEN. */
class OpenStatusesTest {

    @Test
    void theWatchersOpenStatusesAreTheAssignmentsOpenStatuses() {
        assertEquals(Assignment.Status.OPEN.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")),
                DueQuery.OPEN_STATUSES);
    }
}
