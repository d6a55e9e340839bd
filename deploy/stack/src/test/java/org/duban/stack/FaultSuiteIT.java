package org.duban.stack;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.duban.stack.faults.FaultSuite;
import org.duban.stack.faults.FaultSuite.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 19's fault suite in the build ({@link FaultSuite}: six faults in turn while tasks are assigned, effects
 * counted at the SMTP server, the webhook receiver, the delivery log and supervision's cards). Here with 600 tasks
 * (100 per fault, every tenth already due) to keep CI within a few minutes; {@code -Dfaults.events=10000} or
 * {@code deploy/bench.sh faults 10000} runs the full size. The table is written to
 * {@code target/fault-suite.md}.
 */
class FaultSuiteIT {

    /**
     * The duplicates the suite tolerates, only in these faults and only of one kind: a delivery the SMTP server or the
     * webhook receiver took whose SENT was never recorded, so its row stays SENDING and is sent again, same delivery id,
     * when its claim runs out (a webhook receiver drops it by {@code X-Duban-Delivery}; a mailbox does not). At most
     * what a dispatcher pass has claimed: {@code dispatch.batch-size} (50) per notification-service process (a pass
     * records its results in the order it claimed them, so finished sends can wait behind a slower one).
     * <ul>
     * <li>a notification-service killed (also to stop the groups before their offsets are reset) between the send and the record: SMTP offers no way to ask whether a message
     * arrived (notification-service's README, "the one duplicate left possible");</li>
     * <li>PostgreSQL away when the result is recorded: notification-service's Dispatcher logs "could not record the
     * result of delivery" and drops it instead of retrying the record within the claim (RELIABILITY.md: to mend there).</li>
     * </ul>
     */
    /**
     * Elsewhere, a send the server took but answered after the channel's timeout (a host saturated by other builds) is
     * tried again and arrives twice; a few are tolerated, the table shows them.
     */
    static final long SLOW_HOST_RESENDS = 10;

    static final Map<String, Integer> RESEND_IN_FLIGHT = Map.of(
            "one of two notification-services killed", 50,
            "PostgreSQL restarted", 100,
            "notification- and supervision-service's offsets reset", 100);

    @Test
    void sixFaultsLoseNothingAndDoubleNothingAndEveryServiceRecoversByItself() throws Exception {
        int events = Integer.getInteger("faults.events", 600);
        int rate = Integer.getInteger("faults.rate", 40);
        List<Row> rows;
        try (FaultSuite suite = new FaultSuite(events / 6, rate)) {
            rows = suite.run();
        }
        FaultSuite.write(ComposeFileTest.MODULE.resolve(Path.of("target", "fault-suite.md")), rows,
                "Fault suite, " + events / 6 + " tasks per fault at " + rate + "/s (FaultSuiteIT)\n");
        String table = "\n" + FaultSuite.table(rows) + FaultSuite.details(rows);
        long knownResent = 0;
        List<Executable> checks = new ArrayList<>();
        for (Row r : rows) {
            Supplier<String> why = () -> r.fault() + table;
            boolean last = r.evidence().isEmpty();
            long allowed = RESEND_IN_FLIGHT.entrySet().stream().filter(e -> r.fault().startsWith(e.getKey()))
                    .mapToLong(Map.Entry::getValue).findFirst().orElse(SLOW_HOST_RESENDS);
            knownResent += last ? 0 : r.resent();
            long allowedHere = last ? knownResent : allowed;
            checks.add(() -> assertEquals(0, r.lost(), why));
            checks.add(() -> assertEquals(0, r.duplicated() - r.resent(), why));
            checks.add(() -> assertTrue(r.resent() <= allowedHere, () -> "more deliveries received again than were in flight: "
                    + why.get()));
            checks.add(() -> assertEquals(0, r.extra(), why));
            if (!last) {
                checks.add(() -> assertNotNull(r.ready(), () -> "not every service was ready again: " + why.get()));
                checks.add(() -> assertNotNull(r.caughtUp(), () -> "the effects never all arrived: " + why.get()));
            }
        }
        assertAll(checks);
    }
}
