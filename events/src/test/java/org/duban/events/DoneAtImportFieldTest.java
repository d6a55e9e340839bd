package org.duban.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.task.TaskAssigned;
import org.junit.jupiter.api.Test;

/** {@code TaskAssigned.completedAtImport} (issue 22): nullable, left out when null, read as null when absent. */
class DoneAtImportFieldTest {
    static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID T = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final UUID U = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    static final Instant AT = Instant.parse("2026-03-02T01:00:00Z");

    @Test
    void anOrdinaryAssignmentIsWrittenAsBeforeAndAnOldEventReadsAsOrdinary() {
        var ordinary = new TaskAssigned(A, T, "推进“一网通办”", U, "LEAD", null, AT);
        String json = EventJson.write(ordinary);
        assertFalse(json.contains("completedAtImport"), json);
        TaskAssigned read = EventJson.read(json, TaskAssigned.class);
        assertNull(read.completedAtImport());
        assertFalse(read.doneAtImport());
    }

    @Test
    void workDoneAtImportRoundTrips() {
        var done = new TaskAssigned(A, T, "推进“一网通办”", U, "LEAD", null, AT, null, null, "(三)", null, AT);
        String json = EventJson.write(done);
        assertTrue(json.contains("\"completedAtImport\":\"2026-03-02T01:00:00Z\""), json);
        TaskAssigned read = EventJson.read(json, TaskAssigned.class);
        assertEquals(done, read);
        assertTrue(read.doneAtImport());
    }
}
