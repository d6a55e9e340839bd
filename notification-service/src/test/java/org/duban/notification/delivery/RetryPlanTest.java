package org.duban.notification.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The retry planning alone, without a database or a server: backoff, and where a failed attempt leaves the row. */
class RetryPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");
    private final RetryPlan plan = new RetryPlan(4, Duration.ofSeconds(30), Duration.ofMinutes(30));

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        assertEquals(Duration.ofSeconds(30), plan.backoff(1));
        assertEquals(Duration.ofSeconds(60), plan.backoff(2));
        assertEquals(Duration.ofMinutes(2), plan.backoff(3));
        assertEquals(Duration.ofMinutes(16), plan.backoff(6));
        assertEquals(Duration.ofMinutes(30), plan.backoff(7), "32 min capped");
        assertEquals(Duration.ofMinutes(30), plan.backoff(1000));
        assertEquals(Duration.ofMinutes(5), new RetryPlan(8, Duration.ofMinutes(10), Duration.ofMinutes(5)).backoff(1),
                "an initial wait above the cap is capped");
    }

    @Test
    void aTransientFailureBacksOffThenWaitsForTheServerForAsLongAsItTakes() {
        RetryPlan.Next second = plan.afterFailure(1, false, false, NOW);
        assertEquals(new RetryPlan.Next(Delivery.PENDING, NOW.plusSeconds(30), RetryPlan.Why.BACKING_OFF), second);
        assertEquals(NOW.plusSeconds(120), plan.afterFailure(3, false, false, NOW).nextAttemptAt());
        for (int attempts : new int[] { 4, 5, 40 }) {
            assertEquals(new RetryPlan.Next(Delivery.PENDING, NOW.plus(Duration.ofMinutes(30)), RetryPlan.Why.STILL_FAILING),
                    plan.afterFailure(attempts, false, false, NOW), "never FAILED for a server that is away (issue 19)");
        }
    }

    @Test
    void aPermanentRefusalIsRetriedUntilTheAttemptsAreUsedUp() {
        assertEquals(Delivery.PENDING, plan.afterFailure(3, true, false, NOW).status());
        RetryPlan.Next last = plan.afterFailure(4, true, false, NOW);
        assertEquals(Delivery.FAILED, last.status());
        assertNull(last.nextAttemptAt());
        assertEquals(RetryPlan.Why.GAVE_UP, last.why());
    }

    @Test
    void aHopelessTargetFailsAtOnce() {
        RetryPlan.Next first = plan.afterFailure(1, true, true, NOW);
        assertEquals(new RetryPlan.Next(Delivery.FAILED, null, RetryPlan.Why.REFUSED), first);
    }
}
