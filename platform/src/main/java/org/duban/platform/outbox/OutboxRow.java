package org.duban.platform.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An unsent row of {@code outbox_event} as a relay pass reads it: a single event ({@code events} null), or a batch row
 * with its events read by {@link BatchRowCodec} ({@code unreadable} says why when they could not be: the row then
 * fails to send, as any other failure of its send would).
 */
record OutboxRow(long seq, UUID id, String topic, String aggregateId, String type, String payload, Instant occurredAt,
        TraceContext trace, List<BatchRowCodec.Event> events, RuntimeException unreadable) {

    /** A single event's row. */
    static OutboxRow single(long seq, UUID id, String topic, String key, String type, String payload, Instant occurredAt,
            TraceContext trace) {
        return new OutboxRow(seq, id, topic, key, type, payload, occurredAt, trace, null, null);
    }

    /** A batch row from its texts (see {@link BatchRowCodec#decode}). */
    static OutboxRow batch(long seq, UUID id, String topic, String type, Instant occurredAt, TraceContext trace,
            String ids, String keys, String payloads) {
        try {
            return new OutboxRow(seq, id, topic, null, type, null, occurredAt, trace,
                    BatchRowCodec.decode(seq, ids, keys, payloads), null);
        } catch (BatchRowCodec.MalformedBatchRow e) {
            return new OutboxRow(seq, id, topic, null, type, null, occurredAt, trace, List.of(), e);
        }
    }

    boolean isBatch() {
        return events != null;
    }

    /** The row's keys on its topic ("topic key"): one for a single event, each event's for a batch row. */
    List<String> keys() {
        if (!isBatch()) {
            return List.of(topic + " " + aggregateId);
        }
        List<String> keys = new ArrayList<>(events.size());
        for (BatchRowCodec.Event event : events) {
            keys.add(topic + " " + event.key());
        }
        return keys;
    }
}
