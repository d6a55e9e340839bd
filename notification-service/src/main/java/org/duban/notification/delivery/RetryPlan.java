package org.duban.notification.delivery;

import java.time.Duration;
import java.time.Instant;

import org.duban.notification.config.NotificationConfig;

/**
 * What a failed attempt leads to (pure: no database, no clock of its own). Hopeless → FAILED at once; permanent after
 * {@code max-attempts} → FAILED; transient → PENDING again, after {@code initial × 2^(attempts−1)} capped at
 * {@code max-backoff}, and past {@code max-attempts} every {@code max-backoff} for as long as it takes (issue 19): a
 * server that is down does not end a notice.
 */
final class RetryPlan {

    /** Why the row goes where it goes (the log line says it). */
    enum Why {
        /** refused before sending, and no later attempt would be allowed either (issue 20) */
        REFUSED,
        /** a permanent refusal, attempts used up */
        GAVE_UP,
        /** a transient failure past max-attempts: waits for the server every max-backoff */
        STILL_FAILING,
        /** an earlier attempt: backs off */
        BACKING_OFF
    }

    /** The row's next status and, when it is tried again, when ({@code null}: not again, FAILED). */
    record Next(String status, Instant nextAttemptAt, Why why) {
    }

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    RetryPlan(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    static RetryPlan of(NotificationConfig.Dispatch dispatch) {
        return new RetryPlan(dispatch.maxAttempts(), dispatch.initialBackoff(), dispatch.maxBackoff());
    }

    /** After the {@code attempts}-th attempt (counted, ≥ 1) failed at {@code now}. */
    Next afterFailure(int attempts, boolean permanent, boolean hopeless, Instant now) {
        if (hopeless) {
            return new Next(Delivery.FAILED, null, Why.REFUSED);
        }
        if (attempts >= maxAttempts && permanent) {
            return new Next(Delivery.FAILED, null, Why.GAVE_UP);
        }
        if (attempts >= maxAttempts) {
            return new Next(Delivery.PENDING, now.plus(maxBackoff), Why.STILL_FAILING);
        }
        return new Next(Delivery.PENDING, now.plus(backoff(attempts)), Why.BACKING_OFF);
    }

    /** initial × 2^(attempts−1), capped. */
    Duration backoff(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
