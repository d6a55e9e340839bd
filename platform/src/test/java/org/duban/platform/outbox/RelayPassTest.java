package org.duban.platform.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import org.duban.platform.outbox.RelayPass.Candidate;
import org.duban.platform.outbox.RelayPass.Outcome;
import org.duban.platform.outbox.RelayPass.Step;

/**
 * A relay pass's rules alone (plain JUnit, no Quarkus): how a pass groups rows, the per-key order under refusals and
 * failures, what a failed send means, and the wait before the next pass. {@code OutboxRelayTest} proves the same against
 * the real PostgreSQL and Kafka.
 */
class RelayPassTest {

    private static final TraceContext NO_TRACE = new TraceContext(null, null);
    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");

    private static OutboxRow single(long seq, String topic, String key, String payload) {
        return OutboxRow.single(seq, UUID.randomUUID(), topic, key, "WarningIssued", payload, AT, NO_TRACE);
    }

    private static OutboxRow single(long seq, String key) {
        return single(seq, "duban.supervision.events", key, "{}");
    }

    private static OutboxRow batch(long seq, String... keys) {
        String ids = String.join("\n", java.util.Arrays.stream(keys).map(k -> UUID.randomUUID().toString()).toList());
        String payloads = String.join("\n", java.util.Arrays.stream(keys).map(k -> "{}").toList());
        return OutboxRow.batch(seq, UUID.randomUUID(), "duban.supervision.events", "WarningIssued", AT, NO_TRACE, ids,
                String.join("\n", keys), payloads);
    }

    private static List<Candidate> singles(int n) {
        List<Candidate> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(new Candidate(i, false, 1));
        }
        return rows;
    }

    // --- which rows a pass takes

    @Test
    void aPassTakesSingleRowsUpToTheBatchSizeAndSaysWhetherMoreMayWait() {
        assertEquals(new RelayPass.Plan(List.of(1L, 2L, 3L), false), RelayPass.plan(singles(3), 500, 50_000));
        RelayPass.Plan full = RelayPass.plan(singles(500), 500, 50_000);
        assertEquals(500, full.seqs().size());
        assertTrue(full.more(), "as many as the limit: more may wait");
        assertEquals(new RelayPass.Plan(List.of(), false), RelayPass.plan(List.of(), 500, 50_000));
    }

    @Test
    void singleAndBatchRowsNeverShareAPassAndTheOrderIsKept() {
        List<Candidate> mixed = List.of(new Candidate(4, false, 1), new Candidate(5, false, 1), new Candidate(6, true, 1000),
                new Candidate(7, false, 1));
        assertEquals(new RelayPass.Plan(List.of(4L, 5L), true), RelayPass.plan(mixed, 500, 50_000));
        assertEquals(new RelayPass.Plan(List.of(6L), true), RelayPass.plan(mixed.subList(2, 4), 500, 50_000));
    }

    @Test
    void batchRowsFillAPassUpToTheEventLimitButAtLeastOneRowGoes() {
        List<Candidate> batches = List.of(new Candidate(1, true, 1000), new Candidate(2, true, 1000),
                new Candidate(3, true, 1000), new Candidate(4, true, 1000));
        assertEquals(new RelayPass.Plan(List.of(1L, 2L), true), RelayPass.plan(batches, 500, 2000));
        assertEquals(new RelayPass.Plan(List.of(1L, 2L, 3L), true), RelayPass.plan(batches, 500, 2001));
        assertEquals(new RelayPass.Plan(List.of(1L), true), RelayPass.plan(batches, 500, 10), "one row even over the limit");
        assertEquals(new RelayPass.Plan(List.of(1L, 2L, 3L, 4L), false), RelayPass.plan(batches, 500, 50_000));
    }

    // --- which rows are sent, refused before sending, or held

    @Test
    void aRowTooLargeIsRefusedAndLaterRowsOfItsKeyOnItsTopicAreHeldOthersSent() {
        OutboxRow huge = single(1, "duban.supervision.events", "unit-a", "x".repeat(70_000));
        List<OutboxRow> rows = List.of(huge, single(2, "unit-a"), single(3, "unit-b"),
                single(4, "duban.task.events", "unit-a", "{}"), batch(5, "unit-c", "unit-a"), batch(6, "unit-c"));
        List<Step> steps = RelayPass.steps(rows, new RecordSize("supervision-service", 65_536));
        assertEquals(Step.Kind.REFUSE, steps.get(0).kind());
        assertTrue(steps.get(0).reason().contains("exceeds max.request.size 65536"), steps.get(0).reason());
        assertEquals(List.of(Step.Kind.REFUSE, Step.Kind.HOLD, Step.Kind.SEND, Step.Kind.SEND, Step.Kind.HOLD, Step.Kind.SEND),
                steps.stream().map(Step::kind).toList(), "same key on another topic is another key; a batch row holding it waits");
    }

    @Test
    void theSizeCheckCountsUtf8BytesAndNamesTheEventOfABatchRow() {
        assertEquals(3, RecordSize.utf8("督"));
        assertEquals(4, RecordSize.utf8("\uD83D\uDE00"));
        assertEquals(2, RecordSize.utf8("é"));
        assertEquals(0, RecordSize.utf8(null));
        RecordSize size = new RecordSize("task-service", 1000);
        assertNull(size.tooLarge(single(1, "k")));
        // 300 Chinese characters are 900 bytes: over 1000 with the headers, where 300 ASCII letters are not
        assertNull(size.tooLarge(single(2, "duban.supervision.events", "k", "a".repeat(300))));
        assertTrue(size.tooLarge(single(3, "duban.supervision.events", "k", "督".repeat(300))) != null);
        OutboxRow row = OutboxRow.batch(4, UUID.randomUUID(), "t", "T", AT, NO_TRACE, "id-1\nid-2", "k1\nk2",
                "{}\n{\"r\":\"" + "办".repeat(400) + "\"}");
        assertTrue(size.tooLarge(row).startsWith("event id-2: record of "), size.tooLarge(row));
    }

    // --- what a failed send means

    @Test
    void refusalsWhateverTheTimeArePermanentAMetadataTimeoutIsAnUnknownTopicAnythingElseTransient() {
        assertEquals(Outcome.Kind.PERMANENT, RelayPass.outcome(new ExecutionException(new RecordTooLargeException("big"))).kind());
        assertEquals(Outcome.Kind.PERMANENT, RelayPass.outcome(new TopicAuthorizationException("no")).kind());
        assertEquals(Outcome.Kind.PERMANENT, RelayPass.outcome(new UnknownTopicOrPartitionException("gone")).kind());
        assertEquals(Outcome.Kind.PERMANENT, RelayPass.outcome(new RelayPass.PoisonRow("too large")).kind());
        assertEquals(Outcome.Kind.UNKNOWN_TOPIC, RelayPass.outcome(new org.apache.kafka.common.errors.TimeoutException(
                "Topic duban.nowhere not present in metadata after 60000 ms.")).kind());
        Outcome away = RelayPass.outcome(new org.apache.kafka.common.errors.TimeoutException("Expiring 3 record(s)"));
        assertEquals(Outcome.Kind.TRANSIENT, away.kind());
        assertEquals("Expiring 3 record(s)", away.reason());
        assertTrue(away.endsThePass());
        assertEquals(Outcome.Kind.TRANSIENT, RelayPass.outcome(new BatchRowCodec.MalformedBatchRow("row 9")).kind(),
                "as before the split: a malformed batch row stops the pass, it is not parked");
        Throwable loop = new IllegalStateException("its own cause") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertEquals(Outcome.Kind.TRANSIENT, RelayPass.outcome(loop).kind(), "a cause chain that loops ends");
    }

    // --- what a pass marks, counts and where it stops

    @Test
    void theAcknowledgedRowsAreMarkedARefusedRowIsCountedAndHoldsItsKeyBehindIt() {
        List<OutboxRow> rows = List.of(single(1, "a"), single(2, "b"), single(3, "b"), single(4, "c"), single(5, "b"));
        List<Outcome> outcomes = List.of(Outcome.ACKED, new Outcome(Outcome.Kind.PERMANENT, "refused"), Outcome.HELD,
                Outcome.ACKED, Outcome.ACKED);
        RelayPass.Settlement settled = RelayPass.settle(rows, outcomes);
        assertEquals(List.of(1L, 4L), settled.sent(), "row 5 was acknowledged but is not marked: it waits behind row 2");
        assertEquals(1, settled.refused().size());
        assertEquals(2, settled.refused().get(0).row().seq());
        assertEquals("refused", settled.refused().get(0).reason());
        assertNull(settled.unsent());
        assertFalse(RelayPass.goOn(new RelayPass.Plan(List.of(1L, 2L, 3L, 4L, 5L), true), settled));
    }

    @Test
    void aTransientFailureStopsThePassOnlyTheAcknowledgedPrefixIsMarked() {
        List<OutboxRow> rows = List.of(single(1, "a"), single(2, "b"), single(3, "c"));
        RelayPass.Settlement settled = RelayPass.settle(rows, List.of(Outcome.ACKED,
                new Outcome(Outcome.Kind.TRANSIENT, "broker away")));
        assertEquals(List.of(1L), settled.sent());
        assertEquals(2, settled.unsent().row().seq());
        assertEquals("broker away", settled.unsent().reason());
        assertTrue(settled.refused().isEmpty());
    }

    @Test
    void anUnknownTopicCountsAsARefusalOnlyWhenTheBrokerAnsweredAnotherRowOfThePass() {
        Outcome unknown = new Outcome(Outcome.Kind.UNKNOWN_TOPIC, "not present in metadata");
        List<OutboxRow> rows = List.of(single(1, "duban.nowhere", "a", "{}"), single(2, "b"));
        RelayPass.Settlement answered = RelayPass.settle(rows, List.of(unknown, Outcome.ACKED));
        assertEquals(List.of(2L), answered.sent());
        assertEquals(1, answered.refused().get(0).row().seq());
        RelayPass.Settlement silent = RelayPass.settle(rows.subList(0, 1), List.of(unknown));
        assertTrue(silent.sent().isEmpty() && silent.refused().isEmpty());
        assertEquals(1, silent.unsent().row().seq(), "the broker may be away: the row stays unsent, nothing counted");
    }

    @Test
    void aFullPassThatSentEverythingGoesOnAtOnce() {
        List<OutboxRow> rows = List.of(single(1, "a"), single(2, "a"));
        RelayPass.Settlement all = RelayPass.settle(rows, List.of(Outcome.ACKED, Outcome.ACKED));
        assertTrue(RelayPass.goOn(new RelayPass.Plan(List.of(1L, 2L), true), all));
        assertFalse(RelayPass.goOn(new RelayPass.Plan(List.of(1L, 2L), false), all), "not full: nothing more waits");
    }

    // --- the wait before the next pass

    @Test
    void afterAFullPassNoWaitAfterAnotherUpToThePollIntervalOrAWakeUpAfterAFailureThePollIntervalWhateverWakesIt() {
        Duration poll = Duration.ofSeconds(1);
        assertEquals(new RelayPass.Wait(Duration.ZERO, true), RelayPass.nextWait(RelayPass.Ended.FULL, poll));
        assertEquals(new RelayPass.Wait(poll, true), RelayPass.nextWait(RelayPass.Ended.DONE, poll));
        assertEquals(new RelayPass.Wait(poll, false), RelayPass.nextWait(RelayPass.Ended.FAILED, poll));
    }
}
