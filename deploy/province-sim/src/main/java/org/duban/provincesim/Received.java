package org.duban.provincesim;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request that reached the inbound endpoint, as recorded, duplicates included.
 *
 * @param seq               arrival order, from 1
 * @param at                when it arrived, by the configured clock
 * @param appKey            its X-App-Key
 * @param signMethod        its X-Sign-Method as sent (null when absent)
 * @param signatureVerified whether the signature verified with the registered credentials
 * @param msgId             the envelope's msgId, or null when the body had none
 * @param msgType           the envelope's msgType, or null
 * @param provTaskId        the envelope's provTaskId, or null
 * @param envelope          the whole body as a JSON tree, or null when it was not JSON
 * @param payload           the envelope's payload, or null
 * @param status            the HTTP status answered (503 for the fault modes REFUSE and HANG)
 * @param code              the answer's code, or null when the answer had no body
 * @param answer            the answer's msg, or null
 * @param outcome           what happened
 * @param body              the raw body as UTF-8 text
 * @param wallTime          when it arrived by the system clock (for latency measurements while {@code at} follows a
 *                          test clock)
 */
public record Received(long seq, Instant at, String appKey, String signMethod, boolean signatureVerified, String msgId,
        String msgType, String provTaskId, JsonNode envelope, JsonNode payload, int status, Integer code, String answer,
        Outcome outcome, String body, Instant wallTime) {

    public enum Outcome {
        /** Code 0, the first time this msgId was accepted: its effect happened. */
        ACCEPTED,
        /** Code 0 again for a msgId already accepted: the same answer, no second effect. */
        DUPLICATE,
        /** Code 1: app key, timestamp, nonce or signature refused. */
        REFUSED,
        /** Code 2: invalid parameters. */
        INVALID,
        /** Code 3: the message does not fit the task's state. */
        FLOW_ERROR,
        /** Fault mode REFUSE: 503 with no body. */
        FAULT_REFUSED,
        /** Fault mode HANG: held open, then 503 with no body. */
        FAULT_HUNG,
        /** Fault mode ANSWER_CODE_1: refused with code 1 whatever the signature. */
        FAULT_CODE_1;

        /** Whether a fault mode, not the spec's checks, decided the answer. */
        public boolean fault() {
            return this == FAULT_REFUSED || this == FAULT_HUNG || this == FAULT_CODE_1;
        }
    }

    /** Answered with code 0 (the first acceptance or a duplicate of it). */
    public boolean accepted() {
        return outcome == Outcome.ACCEPTED || outcome == Outcome.DUPLICATE && code != null && code == 0;
    }
}
