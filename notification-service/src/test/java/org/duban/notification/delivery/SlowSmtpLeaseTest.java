package org.duban.notification.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.duban.notification.support.ManyUnits;
import org.duban.notification.support.SlowMailServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Issue 19: a dispatcher pass longer than its lease. The SMTP server answers each message 0.6 s after it got it, two
 * sends run at a time and a batch holds up to 50 rows, so a pass over 40 mails needs about 12 s while a claim lasts
 * 9 s. Two dispatchers (two instances' worth, started from a barrier) and the scheduled one keep passing until every
 * row is SENT. Each message must reach the SMTP server exactly once (counted at the server by X-Duban-Delivery) and
 * each delivery have exactly one attempt. Before owned, lease-bounded claims, the rows still waiting in the first
 * pass's queue when its lease ran out were claimed again by another pass and sent by both.
 */
@QuarkusTest
@TestProfile(SlowSmtpLeaseTest.ShortLease.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(SlowMailServer.class)
class SlowSmtpLeaseTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("duban.notification.dispatch.lease", "PT9S",
                    "duban.notification.dispatch.lease-margin", "PT1S",
                    "duban.notification.dispatch.parallelism", "2",
                    "duban.notification.dispatch.batch-size", "50",
                    "duban.notification.smtp.timeout", "PT3S");
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @Inject
    Dispatcher dispatcher;

    @Inject
    Notifier notifier;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aServerSlowerThanTheLeaseStillGetsEveryMessageOnce() throws Exception {
        ManyUnits units = ManyUnits.replicated(40, "slow");
        List<UUID> events = units.newEvents();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            // the rows are written while both "instances" wait at the barrier; the scheduled pass may start too
            units.planRedCards(notifier, events);
            List<Future<?>> instances = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                instances.add(two.submit(() -> {
                    start.await();
                    // an instance's polling loop: a pass, then another 200 ms later, until every row is sent
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                        dispatcher.dispatchOnce();
                        return sent(events) == units.size();
                    });
                    return null;
                }));
            }
            for (Future<?> f : instances) {
                f.get();
            }
        } finally {
            two.shutdownNow();
        }
        List<String> deliveries = QuarkusTransaction.requiringNew()
                .call(() -> Delivery.<Delivery> list("eventId in ?1", events).stream().map(d -> d.id.toString()).toList());
        assertEquals(units.size(), deliveries.size());
        List<String> twice = deliveries.stream().filter(d -> SlowMailServer.received(d) != 1)
                .map(d -> d + "×" + SlowMailServer.received(d)).toList();
        assertEquals(List.of(), twice, "every message reached the SMTP server exactly once");
        assertEquals(units.size(), QuarkusTransaction.requiringNew().call(() -> DeliveryAttempt.count("eventId in ?1", events)),
                "one attempt each in the delivery log");
    }

    private static long sent(List<UUID> events) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.count("eventId in ?1 and status = 'SENT'", events));
    }
}
