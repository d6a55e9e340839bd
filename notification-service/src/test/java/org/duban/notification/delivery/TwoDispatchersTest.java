package org.duban.notification.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.duban.notification.support.MailServer;
import org.duban.notification.support.ManyUnits;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two dispatchers (plus the scheduled one) race over the same delivery rows in the same database, as two
 * instances of the service would: every (notice, recipient, channel) reaches the SMTP server exactly once, and the
 * same notice planned twice (a second instance consuming the same event) adds no row.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class TwoDispatchersTest {

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
    void racingDispatchersSendEachDeliveryOnce() throws Exception {
        ManyUnits units = ManyUnits.replicated(60, "race");
        // one notice per unit, planned twice over (as two consumers of the same event would), all due at once
        List<UUID> events = units.newEvents();
        units.planRedCards(notifier, events);
        units.planRedCards(notifier, events);
        assertEquals(units.size(), QuarkusTransaction.requiringNew().call(() -> Delivery.count("eventId in ?1", events)));

        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> drain = () -> {
                int claimed = 0;
                for (int i = 0; i < 200; i++) {
                    claimed += dispatcher.dispatchOnce();
                }
                return claimed;
            };
            Future<Integer> a = two.submit(drain);
            Future<Integer> b = two.submit(drain);
            a.get();
            b.get();
        } finally {
            two.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> Delivery.count("eventId in ?1 and status = 'SENT'", events)) == units.size());
        for (int i = 0; i < units.size(); i++) {
            assertEquals(1, MailServer.to(units.mailbox(i)).size(), "exactly one mail to unit " + i);
        }
        assertEquals(units.size(), QuarkusTransaction.requiringNew().call(() -> DeliveryAttempt.count("eventId in ?1", events)),
                "one attempt each in the delivery log");
    }
}
