package org.duban.platform.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.duban.testing.TestClock;

/**
 * The security-event cap's arithmetic alone (plain JUnit, no Quarkus; {@code AuditTrailTest} proves it in the service):
 * per key and minute, per instance and minute, the count of what was left out, and the bound on keys kept.
 */
class SecurityEventBudgetTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T02:00:00Z"));

    private SecurityEventBudget budget(int perKey, int total) {
        SecurityEventBudget budget = new SecurityEventBudget();
        budget.clock = clock;
        budget.config = new AuditConfig() {
            @Override
            public int securityEventsPerMinute() {
                return perKey;
            }

            @Override
            public int securityEventsTotalPerMinute() {
                return total;
            }

            @Override
            public int maxTextLength() {
                return 200;
            }
        };
        return budget;
    }

    @Test
    void perKeyTheFirstOfAMinuteAreWrittenTheRestCountedAndTheNextWrittenSaysHowMany() {
        SecurityEventBudget budget = budget(10, 300);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, budget.admit("security.forbidden|a"));
        }
        for (int i = 0; i < 7; i++) {
            assertEquals(-1, budget.admit("security.forbidden|a"));
        }
        assertEquals(0, budget.admit("security.forbidden|b"), "another key has its own budget");
        assertEquals(0, budget.admit("security.token-refused|a"), "another kind of the same caller too");
        clock.advance(Duration.ofSeconds(59)); // 02:00:59, the same minute
        assertEquals(-1, budget.admit("security.forbidden|a"));
        clock.advance(Duration.ofSeconds(1)); // 02:01:00
        assertEquals(8, budget.admit("security.forbidden|a"), "seven, then one more, left out before it");
        assertEquals(0, budget.admit("security.forbidden|a"), "counted once");
    }

    @Test
    void acrossAllKeysAtMostTheTotalAMinuteAndEachKeyRemembersItsOwnLeftOut() {
        SecurityEventBudget budget = budget(10, 300);
        long written = 0;
        for (int i = 0; i < 400; i++) {
            if (budget.admit("security.token-refused|203.0.113." + i) >= 0) {
                written++;
            }
        }
        assertEquals(300, written);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, budget.admit("security.token-refused|203.0.113.0"), "written last minute, nothing left out");
        assertEquals(1, budget.admit("security.token-refused|203.0.113.399"), "left out last minute by the total");
    }

    @Test
    void minutesAreTheClocksWholeMinutesNotSixtySecondsFromTheFirstEvent() {
        clock.set(Instant.parse("2026-12-07T02:00:59.900Z"));
        SecurityEventBudget budget = budget(1, 300);
        assertEquals(0, budget.admit("k"));
        assertEquals(-1, budget.admit("k"));
        clock.advance(Duration.ofMillis(100)); // 02:01:00.000
        assertEquals(1, budget.admit("k"));
    }

    @Test
    void theKeysKeptAreBoundedAFloodFromManyCallersForgetsOnlyCounts() {
        SecurityEventBudget budget = budget(1, Integer.MAX_VALUE);
        for (int i = 0; i < SecurityEventBudget.MAX_KEYS; i++) {
            assertEquals(0, budget.admit("k" + i));
        }
        assertEquals(-1, budget.admit("k0"), "still known: its minute's one is spent");
        assertEquals(0, budget.admit("one too many"), "the map is cleared, the new key written");
        assertEquals(0, budget.admit("k0"), "k0 was forgotten with the rest: a few more rows, never fewer");
    }
}
