package org.duban.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.duban.events.task.TaskAssigned;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {

    @Test
    void everyEventTypeIsDocumentedWithItsRecordAndTopic() throws Exception {
        String doc = Files.readString(Path.of("../docs/events.md"));
        for (EventType type : EventType.values()) {
            String row = doc.lines().filter(l -> l.startsWith("| `" + type.type() + "`")).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/events.md has no row for " + type.type()));
            assertTrue(row.contains("`" + type.payload().getSimpleName() + "`"), row);
            assertTrue(row.contains("`" + type.topic() + "`"), row);
        }
        long documented = doc.lines().filter(l -> l.matches("\\| `duban\\.[a-z-]+\\.[a-z-]+\\.v\\d+` .*")).count();
        assertEquals(EventType.values().length, documented, "docs/events.md lists an event the code does not have");
    }

    @Test
    void jsonRoundTripsAndIgnoresUnknownFields() {
        var event = new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "推进“一网通办”", UUID.randomUUID(), "LEAD",
                Instant.parse("2021-12-31T15:59:59Z"), Instant.parse("2021-07-23T00:00:00Z"));
        String json = EventJson.write(event);
        assertTrue(json.contains("\"dueAt\":\"2021-12-31T15:59:59Z\""), json);
        String newer = json.replaceFirst("\\{", "{\"addedInV2\":\"x\",");
        assertEquals(event, EventJson.read(newer, TaskAssigned.class));
    }

    @Test
    void unknownTypesAreNotInTheCatalogueAndBadJsonIsMalformed() {
        assertTrue(EventType.ofType("duban.task.assigned.v9").isEmpty());
        assertInstanceOf(MalformedEventException.class,
                assertThrows(RuntimeException.class, () -> EventJson.read("{\"taskId\": 42", TaskAssigned.class)));
    }
}
