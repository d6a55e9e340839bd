package org.duban.notification.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.duban.notification.support.ManyUnits;
import org.duban.notification.support.SlowMailServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
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
 * Issue 19, the duplicates the fault suite saw that are not a kill between the server's acceptance and our record:
 * <ul>
 * <li>an SMTP server that takes the whole message and answers after the timeout: the attempt is logged
 * {@code IN_DOUBT} (not FAILED), and the resend carries the same Message-ID, derived from the delivery id, so a mail
 * store can drop the copy (failed before: FAILED, and a new random Message-ID for each copy);</li>
 * <li>a webhook receiver that reads the whole request and hangs up without answering: {@code IN_DOUBT} (failed
 * before: FAILED, and the resend counted as a plain duplicate — the fault suite saw two);</li>
 * <li>PostgreSQL stopped while a sent message's result is being recorded, and started again only after the claim ran
 * out, a second dispatcher polling all along: the owner records SENT, the message reaches the server once (failed
 * before: the owner gave up at the claim's end, the other dispatcher claimed the row again and sent it twice).</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(InDoubtTest.Timeouts.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(SlowMailServer.class)
class InDoubtTest {

    public static class Timeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("duban.notification.dispatch.lease", "PT12S",
                    "duban.notification.dispatch.lease-margin", "PT3S",
                    "duban.notification.dispatch.parallelism", "2",
                    "duban.notification.smtp.timeout", "PT4S");
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

    @AfterEach
    void normalServer() {
        SlowMailServer.delay = SlowMailServer.DELAY;
    }

    @Test
    void anAnswerAfterTheTimeoutIsInDoubtAndTheResendKeepsTheMessageId() {
        SlowMailServer.delay = Duration.ofSeconds(7);
        ManyUnits unit = ManyUnits.replicated(1, "doubt");
        List<UUID> events = unit.newEvents();
        unit.planRedCards(notifier, events);
        UUID delivery = deliveryOf(events.get(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(delivery).size() == 1);
        assertEquals(1, SlowMailServer.received(delivery.toString()), "the server had the message");
        assertEquals(List.of(DeliveryAttempt.IN_DOUBT), attempts(delivery), "a timeout after the whole message went out");

        SlowMailServer.delay = SlowMailServer.DELAY;
        clock.advance(Duration.ofMinutes(5)); // past the retry's backoff
        await().atMost(Duration.ofSeconds(30)).until(() -> Delivery.SENT.equals(statusOf(delivery)));
        List<String> ids = SlowMailServer.messageIds(delivery.toString());
        assertEquals(2, ids.size(), "in doubt, so sent again: " + ids);
        assertEquals(ids.get(0), ids.get(1), "one Message-ID for both copies");
        assertTrue(ids.get(0).startsWith("<" + delivery + "."), ids.get(0));
    }

    @Test
    void aResultRecordedAfterAnOutageLongerThanTheClaimIsNotSentAgain() throws Exception {
        SlowMailServer.delay = Duration.ofSeconds(2);
        ManyUnits unit = ManyUnits.replicated(1, "outage");
        List<UUID> events = unit.newEvents();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            unit.planRedCards(notifier, events); // the woken dispatcher claims and sends it
            UUID delivery = deliveryOf(events.get(0));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> SlowMailServer.received(delivery.toString()) == 1);
            Instant claimedUntil = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> findById(delivery).claimedUntil);
            // the server has the message and answers 2 s later; by then the database is gone
            RealInfrastructure.postgres().stop();
            // a second instance's dispatcher, polling all along
            Future<?> second = other.submit(() -> {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try {
                        dispatcher.dispatchOnce();
                    } catch (RuntimeException databaseAway) {
                        // as the scheduled pass: the next poll tries again
                    }
                    return done.get();
                });
                return null;
            });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(claimedUntil.plusSeconds(1)));
            } finally {
                RealInfrastructure.postgres().start();
            }
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Delivery.SENT.equals(statusOf(delivery)));
            // and it stays at one copy while the other dispatcher goes on polling
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> SlowMailServer.received(delivery.toString()) == 1);
            done.set(true);
            second.get();
            assertEquals(List.of(Delivery.SENT), attempts(delivery));
        } finally {
            done.set(true);
            other.shutdownNow();
        }
    }

    @Test
    void aWebhookConnectionThatBreaksAfterTheRequestIsInDoubt() throws Exception {
        // a receiver that reads the whole request and hangs up without an answer (a crash, a proxy cut); by hand on a
        // socket: no HTTP server lets a handler drop its connection at that point
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
            Thread hangUp = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        java.io.InputStream in = s.getInputStream();
                        String head = readHead(in);
                        int length = Integer.parseInt(head.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
                        in.readNBytes(length);
                        received.incrementAndGet();
                    } catch (Exception closed) {
                        return;
                    }
                }
            }, "hang-up-receiver");
            hangUp.setDaemon(true);
            hangUp.start();
            UUID unit = UUID.randomUUID();
            org.duban.notification.support.Publish.all(List.of(org.duban.notification.support.Units.withContacts(unit, "挂断单位", null, null,
                    null, "http://127.0.0.1:" + server.getLocalPort() + "/hook")), "unit-service");
            await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> org.duban.platform.unit.UnitReplica.findByIdOptional(unit).isPresent()));
            UUID event = UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> notifier.notify(new Notifier.Notice(event,
                    org.duban.notification.notice.NoticeType.WARNING, unit,
                    java.util.EnumSet.of(org.duban.notification.recipient.Audience.DUTY_CONTACT),
                    Map.of("color", "红牌", "reason", "连续两期未反馈"), true, null)));
            UUID delivery = QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> find("eventId = ?1 and channel = 'WEBHOOK'", event)
                    .singleResult().id);
            await().atMost(Duration.ofSeconds(30)).until(() -> attempts(delivery).size() == 1);
            assertEquals(1, received.get(), "the receiver had the whole request");
            assertEquals(List.of(DeliveryAttempt.IN_DOUBT), attempts(delivery), "a connection broken after the request");
        }
    }

    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException();
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static UUID deliveryOf(UUID event) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> find("eventId", event).singleResult().id);
    }

    private static String statusOf(UUID delivery) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery> findById(delivery).status);
    }

    private static List<String> attempts(UUID delivery) {
        return QuarkusTransaction.requiringNew().call(() -> DeliveryAttempt.<DeliveryAttempt> list("deliveryId = ?1 order by id", delivery)
                .stream().map(a -> a.status).toList());
    }
}
