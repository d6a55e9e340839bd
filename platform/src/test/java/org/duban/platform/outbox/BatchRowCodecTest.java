package org.duban.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The batch-row codec alone (plain JUnit, no Quarkus): what {@link Outbox#publishAll} writes the relay reads back, event
 * for event, and each event becomes a Kafka record with its CloudEvents headers and the row's trace context.
 */
class BatchRowCodecTest {

    private static final Instant AT = Instant.parse("2026-12-07T05:30:00.123456Z");

    private static BatchRowCodec.Event event(String key, String json) {
        return new BatchRowCodec.Event(UUID.randomUUID().toString(), key, json);
    }

    @Test
    void whatIsEncodedDecodesToTheSameEventsInTheSameOrder() {
        List<BatchRowCodec.Event> events = new ArrayList<>();
        for (int i = 0; i < BatchRowCodec.EVENTS_PER_ROW; i++) {
            events.add(event(UUID.randomUUID().toString(), "{\"n\":" + i + ",\"reason\":\"逾期未办结，请于三日内说明情况\"}"));
        }
        BatchRowCodec.Lines lines = BatchRowCodec.encode(events);
        assertEquals(1_000, lines.count());
        assertEquals(events, BatchRowCodec.decode(7, lines.ids(), lines.keys(), lines.payloads()));
    }

    @Test
    void chineseTextEmptyJsonStringsAndEscapedLineBreaksSurviveTheRoundTrip() {
        List<BatchRowCodec.Event> events = List.of(
                event("县应急管理局", "{\"title\":\"关于开展安全生产大检查的通知\",\"note\":\"第一行\\n第二行\"}"),
                event("unit-2", "{\"emoji\":\"\uD83D\uDE00\",\"empty\":\"\",\"nothing\":null}"),
                event("unit-3", "{}"));
        BatchRowCodec.Lines lines = BatchRowCodec.encode(events);
        List<BatchRowCodec.Event> decoded = BatchRowCodec.decode(1, lines.ids(), lines.keys(), lines.payloads());
        assertEquals(events, decoded);
        assertEquals("{\"title\":\"关于开展安全生产大检查的通知\",\"note\":\"第一行\\n第二行\"}", decoded.get(0).json(),
                "JSON's escaped \\n is two characters, no line break");
    }

    @Test
    void oneEventIsARowWithoutSeparators() {
        BatchRowCodec.Event only = event("k", "{\"a\":1}");
        BatchRowCodec.Lines lines = BatchRowCodec.encode(List.of(only));
        assertEquals(new BatchRowCodec.Lines(1, only.id(), "k", "{\"a\":1}"), lines);
        assertEquals(List.of(only), BatchRowCodec.decode(1, lines.ids(), lines.keys(), lines.payloads()));
    }

    @Test
    void aLineBreakInAKeyOrInTheJsonIsRefusedNamingTheEvent() {
        IllegalStateException json = assertThrows(IllegalStateException.class,
                () -> BatchRowCodec.encode(List.of(event("k", "{\"a\":\n1}"))));
        assertTrue(json.getMessage().contains("line break"), json.getMessage());
        IllegalStateException key = assertThrows(IllegalStateException.class,
                () -> BatchRowCodec.encode(List.of(event("k1", "{}"), event("bad\nkey", "{}"))));
        assertTrue(key.getMessage().contains("bad\nkey"), key.getMessage());
    }

    @Test
    void nullsAndEmptyRowsAreRefusedWhenWritten() {
        assertThrows(IllegalArgumentException.class, () -> BatchRowCodec.encode(List.of()));
        assertThrows(IllegalArgumentException.class, () -> BatchRowCodec.encode(List.of(new BatchRowCodec.Event(null, "k", "{}"))));
        assertThrows(IllegalArgumentException.class, () -> BatchRowCodec.encode(List.of(event(null, "{}"))));
        assertThrows(IllegalArgumentException.class, () -> BatchRowCodec.encode(List.of(event("k", null))));
    }

    @Test
    void aRowWhoseTextsDisagreeIsMalformedNamingTheRowAndTheCounts() {
        BatchRowCodec.MalformedBatchRow fewer = assertThrows(BatchRowCodec.MalformedBatchRow.class,
                () -> BatchRowCodec.decode(42, "a\nb\nc", "k1\nk2\nk3", "{}\n{}"));
        assertEquals("outbox row 42 holds 3 event ids, 3 keys but 2 payload lines", fewer.getMessage());
        BatchRowCodec.MalformedBatchRow more = assertThrows(BatchRowCodec.MalformedBatchRow.class,
                () -> BatchRowCodec.decode(43, "a", "k1", "{\"x\":\"a\"}\n{\"x\":\"b\"}"));
        assertTrue(more.getMessage().startsWith("outbox row 43 holds 1 event ids"), more.getMessage());
        BatchRowCodec.MalformedBatchRow missing = assertThrows(BatchRowCodec.MalformedBatchRow.class,
                () -> BatchRowCodec.decode(44, "a", null, "{}"));
        assertEquals("outbox row 44 is a batch row without its keys", missing.getMessage());
        assertTrue(missing instanceof IllegalStateException, "a send failing with it is handled as any failed send");
    }

    @Test
    void aMalformedRowIsReadAsARowThatCannotBeSent() {
        OutboxRow row = OutboxRow.batch(9, UUID.randomUUID(), "duban.task.events", "DeadlineMissed", AT,
                new TraceContext(null, null), "a\nb", "k1\nk2", "{}");
        assertTrue(row.unreadable() instanceof BatchRowCodec.MalformedBatchRow);
        assertEquals(List.of(), row.keys());
    }

    @Test
    void eachEventBecomesARecordKeyedByItsAggregateWithTheCloudEventsHeadersAndTheTraceContext() {
        List<BatchRowCodec.Event> events = List.of(event("unit-1", "{\"n\":1,\"t\":\"督办\"}"), event("unit-2", "{\"n\":2}"));
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "duban=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        List<ProducerRecord<String, String>> records = BatchRowCodec.records("duban.task.events", "DeadlineMissed",
                "task-service", AT, trace, events);
        assertEquals(2, records.size());
        for (int i = 0; i < 2; i++) {
            ProducerRecord<String, String> record = records.get(i);
            assertEquals("duban.task.events", record.topic());
            assertEquals(events.get(i).key(), record.key());
            assertEquals(events.get(i).json(), record.value());
            assertNull(record.partition());
            Map<String, String> headers = headers(record);
            assertEquals(List.of("ce_specversion", "ce_source", "ce_type", "ce_time", "content-type", "traceparent",
                    "tracestate", "ce_id", "ce_subject"), List.copyOf(headers.keySet()));
            assertEquals("1.0", headers.get("ce_specversion"));
            assertEquals("task-service", headers.get("ce_source"));
            assertEquals("DeadlineMissed", headers.get("ce_type"));
            assertEquals("2026-12-07T05:30:00.123456Z", headers.get("ce_time"));
            assertEquals("application/json", headers.get("content-type"));
            assertEquals(trace.traceparent(), headers.get("traceparent"));
            assertEquals(trace.tracestate(), headers.get("tracestate"));
            assertEquals(events.get(i).id(), headers.get("ce_id"));
            assertEquals(events.get(i).key(), headers.get("ce_subject"));
        }
    }

    @Test
    void withoutATraceNoTraceHeadersAndATraceparentAloneCarriesNoTracestate() {
        Map<String, String> untraced = headers(BatchRowCodec.records("t", "T", "s", AT, new TraceContext(null, null),
                List.of(event("k", "{}"))).get(0));
        assertTrue(!untraced.containsKey("traceparent") && !untraced.containsKey("tracestate"), untraced.toString());
        Map<String, String> parentOnly = headers(BatchRowCodec.records("t", "T", "s", AT,
                new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null), List.of(event("k", "{}"))).get(0));
        assertTrue(parentOnly.containsKey("traceparent") && !parentOnly.containsKey("tracestate"), parentOnly.toString());
    }

    private static Map<String, String> headers(ProducerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            assertNull(headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)), "one " + header.key());
        }
        return headers;
    }
}
