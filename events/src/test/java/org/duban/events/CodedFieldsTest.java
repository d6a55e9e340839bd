package org.duban.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.duban.events.supervision.CardColor;
import org.duban.events.supervision.WarningIssued;
import org.duban.events.task.AssignmentRole;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateKind;
import org.duban.events.task.Recovery;
import org.duban.events.task.TaskAssigned;
import org.junit.jupiter.api.Test;

/**
 * The contract of the coded fields (issue 23): a role, due kind, recovery or card colour is read typed, a value this
 * version does not know reads as UNKNOWN without failing the event, and the event is written back with the value as it
 * came (a consumer that stores or forwards it loses nothing).
 */
class CodedFieldsTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID T = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID U = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void knownValuesReadTyped() {
        var assigned = new TaskAssigned(A, T, "推进“一网通办”", U, "LEAD", null, Instant.parse("2021-07-23T00:00:00Z"));
        assertEquals(AssignmentRole.LEAD, assigned.assignmentRole());
        assertEquals(AssignmentRole.CO_RESPONSIBLE, AssignmentRole.of("CO_RESPONSIBLE"));
        var missed = new DeadlineMissed(A, T, U, Instant.parse("2021-10-31T15:59:59Z"), Instant.parse("2021-11-01T00:00:00Z"),
                "MILESTONE", "2021年10月底前完成方案");
        assertEquals(DueDateKind.MILESTONE, missed.kind());
        var recovered = new DeadlineRecovered(A, T, U, missed.dueAt(), "REPORT", "EXTENDED", missed.detectedAt());
        assertEquals(DueDateKind.REPORT, recovered.kind());
        assertEquals(Recovery.EXTENDED, recovered.recovery());
        assertEquals(CardColor.RED, CardColor.of("RED"));
    }

    @Test
    void anAbsentDueKindIsTheFinalDeadline() {
        String older = "{\"assignmentId\":\"" + A + "\",\"taskId\":\"" + T + "\",\"unitId\":\"" + U
                + "\",\"dueAt\":\"2021-12-31T15:59:59Z\",\"detectedAt\":\"2022-01-01T00:00:00Z\"}";
        DeadlineMissed missed = EventJson.read(older, DeadlineMissed.class);
        assertEquals(null, missed.dueKind());
        assertEquals(DueDateKind.FINAL, missed.kind());
    }

    @Test
    void unknownValuesAreKeptAndWrittenBackUnchanged() {
        String json = "{\"assignmentId\":\"" + A + "\",\"taskId\":\"" + T + "\",\"taskTitle\":\"x\",\"unitId\":\"" + U
                + "\",\"role\":\"DEPUTY_LEAD\",\"dueAt\":null,\"assignedAt\":\"2021-07-23T00:00:00Z\",\"planId\":null,"
                + "\"sectionId\":null,\"taskNumber\":null,\"replacesAssignmentId\":null}";
        TaskAssigned assigned = EventJson.read(json, TaskAssigned.class);
        assertEquals(AssignmentRole.UNKNOWN, assigned.assignmentRole());
        assertEquals("DEPUTY_LEAD", assigned.role());
        assertEquals(json, EventJson.write(assigned), "written back as it came, no typed view added to the JSON");

        String recoveredJson = "{\"assignmentId\":\"" + A + "\",\"taskId\":\"" + T + "\",\"unitId\":\"" + U
                + "\",\"dueAt\":\"2021-12-31T15:59:59Z\",\"dueKind\":\"INSPECTION\",\"how\":\"WAIVED\","
                + "\"recoveredAt\":\"2022-01-02T00:00:00Z\"}";
        DeadlineRecovered recovered = EventJson.read(recoveredJson, DeadlineRecovered.class);
        assertEquals(DueDateKind.UNKNOWN, recovered.kind());
        assertEquals(Recovery.UNKNOWN, recovered.recovery());
        assertEquals(recoveredJson, EventJson.write(recovered));

        var warning = new WarningIssued(UUID.randomUUID(), U, "ORANGE", "reason", null, null, null, "x", Instant.EPOCH);
        assertEquals(CardColor.UNKNOWN, warning.cardColor());
        assertEquals(warning, EventJson.read(EventJson.write(warning), WarningIssued.class));
        assertFalse(EventJson.write(warning).contains("cardColor"));
    }

    @Test
    void routesHandEachTypeToItsMethod() {
        List<String> seen = new ArrayList<>();
        var routes = new EventRoutes()
                .on(TaskAssigned.class, (id, a) -> seen.add("assigned " + a.role()))
                .on(DeadlineMissed.class, (id, m) -> seen.add("missed " + m.kind()));
        assertTrue(routes.dispatch(A, new TaskAssigned(A, T, "t", U, "LEAD", null, Instant.EPOCH)));
        assertTrue(routes.dispatch(A, new DeadlineMissed(A, T, U, Instant.EPOCH, Instant.EPOCH)));
        assertFalse(routes.dispatch(A, new DeadlineRecovered(A, T, U, Instant.EPOCH, null, "REPORTED", Instant.EPOCH)));
        assertEquals(List.of("assigned LEAD", "missed FINAL"), seen);
        assertThrows(IllegalStateException.class, () -> routes.on(TaskAssigned.class, (id, a) -> { }));
    }
}
