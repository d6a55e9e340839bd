package org.duban.task.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.duban.task.assignment.Assignment.Status;
import org.duban.task.assignment.Assignment.Step;

/**
 * The assignment's transition table (issue 23), alone, without a database: every step from every state, allowed or
 * refused, against the lifecycle as task-service/README.md states it ("Assignment lifecycle"), written out here.
 */
class AssignmentStepsTest {

    private static final Instant NOW = Instant.parse("2021-07-23T02:00:00Z");

    /** step → (state it may be taken from → state it leads to); a state missing is refused. */
    private static final Map<Step, Map<Status, Status>> LIFECYCLE = new EnumMap<>(Step.class);

    private static void allow(Step step, Status from, Status to) {
        LIFECYCLE.computeIfAbsent(step, s -> new EnumMap<>(Status.class)).put(from, to);
    }

    static {
        allow(Step.ACCEPT, Status.ASSIGNED, Status.ACCEPTED);
        allow(Step.RETURN, Status.ASSIGNED, Status.RETURNED);
        allow(Step.RETURN, Status.ACCEPTED, Status.RETURNED);
        allow(Step.REASSIGN, Status.RETURNED, Status.RETURNED);
        for (Status open : new Status[] { Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REPORTED }) {
            allow(Step.REPORT, open, Status.REPORTED);
            allow(Step.REQUEST_EXTENSION, open, open);
            allow(Step.WITHDRAW, open, Status.WITHDRAWN);
            allow(Step.MERGE_INTO_HELD, open, Status.WITHDRAWN);
        }
        allow(Step.WITHDRAW, Status.RETURNED, Status.WITHDRAWN);
        allow(Step.REVIEW, Status.REPORTED, Status.REPORTED);
        allow(Step.SEND_BACK, Status.REPORTED, Status.IN_PROGRESS);
        allow(Step.COMPLETE, Status.REPORTED, Status.COMPLETED);
        allow(Step.COMPLETE_AT_IMPORT, Status.ASSIGNED, Status.COMPLETED);
    }

    private static Assignment in(Status status) {
        Assignment a = new Assignment();
        a.status = status;
        return a;
    }

    @Test
    void everyStepFromEveryStateIsAllowedOrRefusedAsTheLifecycleSays() {
        int allowed = 0;
        int refused = 0;
        for (Step step : Step.values()) {
            Map<Status, Status> rules = LIFECYCLE.getOrDefault(step, Map.of());
            for (Status from : Status.values()) {
                Assignment a = in(from);
                if (rules.containsKey(from)) {
                    assertTrue(a.may(step), step + " from " + from);
                    assertEquals(from, a.take(step, NOW), step + " from " + from + " answers the state it left");
                    assertEquals(rules.get(from), a.status, step + " from " + from);
                    assertEquals(a.status == Status.COMPLETED ? NOW : null, a.completedAt, step + " from " + from);
                    allowed++;
                } else {
                    assertFalse(a.may(step), step + " from " + from);
                    Assignment.NotAllowed refusal = assertThrows(Assignment.NotAllowed.class, () -> a.take(step, NOW),
                            step + " from " + from);
                    assertEquals(from, refusal.status);
                    assertEquals(step, refusal.step);
                    assertEquals(from, a.status, "a refused step changes nothing");
                    assertNull(a.completedAt);
                    refused++;
                }
            }
        }
        assertEquals(25, allowed);
        assertEquals(Step.values().length * Status.values().length - 25, refused);
    }

    @Test
    void theNamedTransitionsAreTheTablesSteps() {
        Assignment a = in(Status.ASSIGNED);
        assertEquals(Status.ASSIGNED, a.accept(NOW));
        assertEquals(Status.ACCEPTED, a.report(NOW));
        assertEquals(Status.REPORTED, a.sendBack(NOW));
        assertEquals(Status.IN_PROGRESS, a.report(NOW));
        assertEquals(Status.REPORTED, a.complete(NOW));
        assertEquals(Status.COMPLETED, a.status);
        assertThrows(Assignment.NotAllowed.class, () -> a.withdraw(NOW), "closed work is not withdrawn");
        assertThrows(Assignment.NotAllowed.class, () -> in(Status.REPORTED).giveBack(NOW), "reported work is not returned");
        assertEquals(Status.RETURNED, in(Status.RETURNED).withdraw(NOW), "returned work not yet reassigned is withdrawn");
    }

    @Test
    void aRefusalNamesTheStatesTheStepIsAllowedFromInTheirOrder() {
        assertEquals("cannot return an assignment that is REPORTED; allowed from [ASSIGNED, ACCEPTED]",
                assertThrows(Assignment.NotAllowed.class, () -> in(Status.REPORTED).take(Step.RETURN, NOW)).getMessage());
    }
}
