package org.duban.platform.audit;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How many security events the trail takes (see {@link AuditConfig}): per key (kind and caller) and minute at most
 * {@code security-events-per-minute}, per instance and minute at most {@code security-events-total-per-minute}. Events
 * over the budget are counted per key, and the key's next written entry carries that count ({@code suppressedBefore}),
 * so the trail still says a flood happened and how large it was. Minutes come from the injected clock (tests move it).
 * Held in memory per instance: a restart forgets the counts, which only lets a few more rows in.
 */
@ApplicationScoped
public class SecurityEventBudget {

    /** Keys kept at most; older minutes are dropped first, then everything (a flood from many addresses). */
    static final int MAX_KEYS = 10_000;

    @Inject
    Clock clock;

    @Inject
    AuditConfig config;

    private static final class Window {
        long minute;
        int written;
        long suppressed;
    }

    private final Map<String, Window> windows = new HashMap<>();
    private long totalMinute = Long.MIN_VALUE;
    private int totalWritten;

    /**
     * Whether an event of {@code key} may be written now: -1 when not (it is counted), else how many of the key were
     * left out before it (0 usually).
     */
    public synchronized long admit(String key) {
        long minute = Math.floorDiv(clock.millis(), 60_000L);
        if (minute != totalMinute) {
            totalMinute = minute;
            totalWritten = 0;
            if (windows.size() > MAX_KEYS / 2) {
                windows.values().removeIf(w -> w.minute < minute && w.suppressed == 0);
            }
        }
        Window w = windows.get(key);
        if (w == null) {
            if (windows.size() >= MAX_KEYS) {
                windows.clear();
            }
            w = new Window();
            w.minute = minute;
            windows.put(key, w);
        } else if (w.minute != minute) {
            w.minute = minute;
            w.written = 0;
        }
        if (w.written >= config.securityEventsPerMinute() || totalWritten >= config.securityEventsTotalPerMinute()) {
            w.suppressed++;
            return -1;
        }
        w.written++;
        totalWritten++;
        long before = w.suppressed;
        w.suppressed = 0;
        return before;
    }
}
