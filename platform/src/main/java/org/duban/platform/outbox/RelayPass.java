package org.duban.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The rules of one relay pass, apart from the database and the broker ({@link OutboxRelay} runs them): which of the
 * unsent rows the pass takes ({@link #plan}), which it sends and which wait behind a row of their key that the producer
 * would refuse ({@link #steps}), what a failed send means ({@link #outcome}), which rows it then marks sent, which
 * refusals it counts and where it stops ({@link #settle}), and how long the relay waits before the next pass
 * ({@link #nextWait}).
 *
 * <p>Per-key order: a row never overtakes an earlier row sharing one of its keys on its topic for good. Rows are taken
 * in {@code seq} order; only rows acknowledged in order are marked; a row refused for good holds the later rows of its
 * keys behind it (and, once parked, the query leaves them out until it is retried or discarded).
 *
 * <p>Pure: {@code RelayPassTest} runs it in milliseconds.
 */
final class RelayPass {

    private RelayPass() {
    }

    /** An unsent row as the pass's query lists it, in {@code seq} order: whether it is a batch row, and its events. */
    record Candidate(long seq, boolean batch, int events) {
    }

    /** The rows of one pass, and whether more were waiting behind them. */
    record Plan(List<Long> seqs, boolean more) {
    }

    /**
     * The rows of the next pass, in {@code seq} order, from the first {@code batchSize} unsent rows: single events, or
     * batch rows up to {@code batchEvents} events (at least one row). A pass never mixes the two, because they leave by
     * different paths ({@link RelaySender}) and must not overtake each other.
     */
    static Plan plan(List<Candidate> unsent, int batchSize, int batchEvents) {
        List<Long> seqs = new ArrayList<>();
        Boolean batches = null;
        long events = 0;
        for (Candidate row : unsent) {
            if (batches != null && (row.batch() != batches || (row.batch() && events >= batchEvents))) {
                return new Plan(seqs, true);
            }
            batches = row.batch();
            events += row.events();
            seqs.add(row.seq());
        }
        return new Plan(seqs, unsent.size() >= batchSize);
    }

    /** What the pass does with a row before waiting for the broker. */
    record Step(Kind kind, String reason) {
        enum Kind { SEND, REFUSE, HOLD }

        static final Step SEND = new Step(Kind.SEND, null);
        static final Step HOLD = new Step(Kind.HOLD, null);
    }

    /**
     * Per row of the pass: sent; refused before sending when {@code size} names why the producer would refuse it (a
     * record over {@code max.request.size}); or held, not sent at all, when an earlier row of the pass sharing one of its
     * keys was refused (it must not overtake it).
     */
    static List<Step> steps(List<OutboxRow> rows, RecordSize size) {
        Set<String> refusedKeys = new HashSet<>();
        List<Step> steps = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            String tooLarge = size.tooLarge(row);
            if (tooLarge != null) {
                refusedKeys.addAll(row.keys());
                steps.add(new Step(Step.Kind.REFUSE, tooLarge));
            } else if (intersects(refusedKeys, row)) {
                steps.add(Step.HOLD);
            } else {
                steps.add(Step.SEND);
            }
        }
        return steps;
    }

    /** What became of a row's send in a pass. */
    record Outcome(Kind kind, String reason) {
        enum Kind { ACKED, HELD, PERMANENT, UNKNOWN_TOPIC, TRANSIENT }

        static final Outcome ACKED = new Outcome(Kind.ACKED, null);
        static final Outcome HELD = new Outcome(Kind.HELD, null);

        /** Further outcomes are not worth waiting for: the broker is away, what follows fails too. */
        boolean endsThePass() {
            return kind == Kind.TRANSIENT;
        }
    }

    /** A send that failed because of the row itself, found before sending. */
    static final class PoisonRow extends RuntimeException {
        PoisonRow(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A failed send's outcome, with its message as the reason. Permanent: the broker (or the producer, for the size)
     * refuses this record whatever the time. An unknown topic shows as a metadata timeout when the broker does not create
     * topics, which a broker outage looks like too: {@link #settle} counts it as permanent only when the broker
     * acknowledged another row in the same pass. Anything else is transient.
     */
    static Outcome outcome(Throwable failure) {
        String reason = String.valueOf(failure.getMessage());
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonRow || t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidTopicException || t instanceof UnknownTopicOrPartitionException
                    || t instanceof AuthorizationException || t instanceof SerializationException
                    || t instanceof InvalidRecordException) {
                return new Outcome(Outcome.Kind.PERMANENT, reason);
            }
            if (t instanceof org.apache.kafka.common.errors.TimeoutException && t.getMessage() != null
                    && t.getMessage().contains("not present in metadata")) {
                return new Outcome(Outcome.Kind.UNKNOWN_TOPIC, reason);
            }
        }
        return new Outcome(Outcome.Kind.TRANSIENT, reason);
    }

    /** A row refused for good in this pass, and why: its refusal is counted, and it is parked at the limit. */
    record Refusal(OutboxRow row, String reason) {
    }

    /**
     * The pass's verdict: the rows to mark sent, the refusals to count, and the row left unsent by a transient failure
     * (null if none), after which nothing was looked at.
     */
    record Settlement(List<Long> sent, List<Refusal> refused, Refusal unsent) {
    }

    /**
     * Settles a pass from its rows' outcomes (as many as were waited for, in order: the list ends at a transient
     * failure). Marked: the rows acknowledged in order, except after a transient failure (a later row never overtakes an
     * earlier unsent one for good: it is sent again after it, consumers drop the duplicate by event id) and except rows
     * sharing a key with an earlier row refused or held (it waits behind it). A row refused for good is counted; others
     * go on past it.
     */
    static Settlement settle(List<OutboxRow> rows, List<Outcome> outcomes) {
        boolean brokerAnswered = outcomes.stream().anyMatch(o -> o.kind() == Outcome.Kind.ACKED);
        List<Long> sent = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        Set<String> failedKeys = new HashSet<>();
        for (int i = 0; i < outcomes.size(); i++) {
            OutboxRow row = rows.get(i);
            Outcome outcome = outcomes.get(i);
            boolean permanent = outcome.kind() == Outcome.Kind.PERMANENT
                    || (outcome.kind() == Outcome.Kind.UNKNOWN_TOPIC && brokerAnswered);
            if (outcome.kind() == Outcome.Kind.ACKED && !intersects(failedKeys, row)) {
                sent.add(row.seq());
            } else if (outcome.kind() == Outcome.Kind.HELD || outcome.kind() == Outcome.Kind.ACKED) {
                failedKeys.addAll(row.keys());
            } else if (permanent) {
                failedKeys.addAll(row.keys());
                refused.add(new Refusal(row, outcome.reason()));
            } else {
                return new Settlement(sent, refused, new Refusal(row, outcome.reason()));
            }
        }
        return new Settlement(sent, refused, null);
    }

    /** Whether another pass should follow at once: this one was full and sent every row, so more may be waiting. */
    static boolean goOn(Plan plan, Settlement settlement) {
        return plan.more() && settlement.sent().size() == plan.seqs().size();
    }

    /** How the relay waits before its next pass: how long, and whether a commit's wake-up cuts the wait short. */
    record Wait(Duration duration, boolean wakeable) {
    }

    /** How a pass ended, for {@link #nextWait}. */
    enum Ended { FULL, DONE, FAILED }

    /**
     * After a full pass the next follows at once (more may be waiting); after any other pass the relay waits for a
     * commit's wake-up, at most the poll interval; after a pass that failed (the database or the broker away) it waits
     * the poll interval whatever wakes it, so a stream of commits does not hammer what just failed.
     */
    static Wait nextWait(Ended ended, Duration pollInterval) {
        return switch (ended) {
            case FULL -> new Wait(Duration.ZERO, true);
            case DONE -> new Wait(pollInterval, true);
            case FAILED -> new Wait(pollInterval, false);
        };
    }

    private static boolean intersects(Set<String> keys, OutboxRow row) {
        if (keys.isEmpty()) {
            return false;
        }
        for (String key : row.keys()) {
            if (keys.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
