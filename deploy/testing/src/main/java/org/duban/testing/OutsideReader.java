package org.duban.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;

/**
 * Reads a Duban record as a consumer outside Duban would (the provincial platform): with the official CloudEvents
 * Java SDK and nothing of ours but the published catalogue. Asserts the envelope the catalogue promises.
 */
public final class OutsideReader {

    private OutsideReader() {
    }

    /** The record's event, after checking its CloudEvents envelope against the catalogue and the record key. */
    public static DomainEvent read(ConsumerRecord<String, String> record, String expectedSource) {
        CloudEvent ce;
        try (var deserializer = new CloudEventDeserializer()) {
            ce = deserializer.deserialize(record.topic(), record.headers(), record.value().getBytes(StandardCharsets.UTF_8));
        }
        String where = record.topic() + "@" + record.offset();
        assertEquals(SpecVersion.V1, ce.getSpecVersion(), where);
        assertEquals(URI.create(expectedSource), ce.getSource(), where);
        assertEquals(record.key(), ce.getSubject(), where + ": subject = record key = aggregate id");
        assertEquals("application/json", ce.getDataContentType(), where);
        assertNotNull(ce.getTime(), where + ": time");
        EventType type = EventType.ofType(ce.getType()).orElseThrow(() -> new AssertionError(where + ": type "
                + ce.getType() + " is not in the catalogue"));
        assertEquals(record.topic(), type.topic(), where + ": published on its catalogue topic");
        return EventJson.read(new String(ce.getData().toBytes(), StandardCharsets.UTF_8), type.payload());
    }
}
