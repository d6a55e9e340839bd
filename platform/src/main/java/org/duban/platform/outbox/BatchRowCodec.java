package org.duban.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The one encoding of batch rows (V0_4__outbox_batch_rows.sql), shared by the side that writes them
 * ({@link Outbox#publishAll}) and the side that sends them ({@link RelaySender}): each event's CloudEvents id, key and
 * JSON travel as lines, one event per line, in three texts (the query turns the id and key texts into arrays and back,
 * because the driver's array literals cost more than the rest of the work). A batch row's events then become one Kafka
 * record each, with the CloudEvents headers the {@code duban-outbox} channel writes in binary mode.
 *
 * <p>Pure: no database, no broker; {@code BatchRowCodecTest} runs it in milliseconds.
 */
final class BatchRowCodec {

    /** Events per batch row: a relay pass sends whole rows, and a row's arrays stay a few hundred kilobytes. */
    static final int EVENTS_PER_ROW = 1_000;

    private static final String LINE = "\n";

    private BatchRowCodec() {
    }

    /** One event of a batch row: its CloudEvents id, its key (the aggregate id) and its JSON. */
    record Event(String id, String key, String json) {
    }

    /** A batch row's texts as {@code outbox_event} holds them: ids, keys and payloads, one event per line. */
    record Lines(int count, String ids, String keys, String payloads) {
    }

    /** A batch row that cannot be read back into events (its texts disagree on how many events it holds). */
    static final class MalformedBatchRow extends IllegalStateException {
        MalformedBatchRow(String message) {
            super(message);
        }
    }

    /**
     * The row's texts for {@code events} (at least one). An event whose JSON or key holds a line break cannot go into a
     * batch row (its lines would be read as two events): refused with an {@link IllegalStateException} naming it.
     */
    static Lines encode(List<Event> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch row holds at least one event");
        }
        StringBuilder ids = new StringBuilder(events.size() * 37);
        StringBuilder keys = new StringBuilder(events.size() * 37);
        StringBuilder payloads = new StringBuilder(events.size() * 320);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.id() == null || event.key() == null || event.json() == null) {
                throw new IllegalArgumentException("an event of a batch row needs an id, a key and its JSON: " + event);
            }
            if (event.json().indexOf('\n') >= 0 || event.key().indexOf('\n') >= 0) {
                // the relay reads a batch row's payloads and keys line by line
                throw new IllegalStateException("an event with a line break in its JSON or key cannot go into"
                        + " a batch row: " + event.key() + " " + event.json());
            }
            String separator = i == 0 ? "" : LINE;
            ids.append(separator).append(event.id());
            keys.append(separator).append(event.key());
            payloads.append(separator).append(event.json());
        }
        return new Lines(events.size(), ids.toString(), keys.toString(), payloads.toString());
    }

    /**
     * The events of the batch row {@code seq} from its texts; a {@link MalformedBatchRow} naming the row when a text is
     * missing or the three disagree on how many events the row holds.
     */
    static List<Event> decode(long seq, String ids, String keys, String payloads) {
        if (ids == null || keys == null || payloads == null) {
            throw new MalformedBatchRow("outbox row " + seq + " is a batch row without its "
                    + (ids == null ? "event ids" : keys == null ? "keys" : "payloads"));
        }
        String[] id = lines(ids);
        String[] key = lines(keys);
        String[] payload = lines(payloads);
        if (payload.length != id.length || key.length != id.length) {
            throw new MalformedBatchRow("outbox row " + seq + " holds " + id.length + " event ids, " + key.length
                    + " keys but " + payload.length + " payload lines");
        }
        List<Event> events = new ArrayList<>(id.length);
        for (int i = 0; i < id.length; i++) {
            events.add(new Event(id[i], key[i], payload[i]));
        }
        return events;
    }

    private static String[] lines(String joined) {
        return joined.split(LINE, -1);
    }

    /**
     * A batch row's events as Kafka records on {@code topic}, in order, keyed by their aggregate id, with the CloudEvents
     * headers of binary mode ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type},
     * {@code ce_subject}, {@code ce_time}, {@code content-type}) and the W3C trace context of the transaction that wrote
     * the row. Hand-written rather than through the channel's CloudEvents metadata: the channel's per-message processing
     * held a million events to ~35,000 a second, a quarter of what the producer does alone.
     */
    static List<ProducerRecord<String, String>> records(String topic, String type, String source, Instant occurredAt,
            TraceContext trace, List<Event> events) {
        // the headers every event of the row shares, encoded once (a header's value is only read)
        List<Header> shared = new ArrayList<>(List.of(header("ce_specversion", "1.0"), header("ce_source", source),
                header("ce_type", type), header("ce_time", occurredAt.toString()),
                header("content-type", "application/json")));
        if (trace.isPresent()) {
            shared.add(header("traceparent", trace.traceparent()));
            if (trace.tracestate() != null) {
                shared.add(header("tracestate", trace.tracestate()));
            }
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>(events.size());
        for (Event event : events) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), event.json());
            shared.forEach(record.headers()::add);
            record.headers().add(header("ce_id", event.id()));
            record.headers().add(header("ce_subject", event.key()));
            records.add(record);
        }
        return records;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
