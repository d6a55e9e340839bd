package org.duban.notification.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.duban.events.DomainEvent;
import org.duban.events.supervision.WarningIssued;
import org.duban.events.task.TaskAssigned;
import org.duban.events.unit.UnitSnapshot;
import org.duban.notification.delivery.Delivery;
import org.duban.notification.digest.SeedImportTest;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.notification.support.WebhookReceiver;
import org.duban.notification.webhook.Signature;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Notification benchmark (issue 7, BENCHMARKS.md "#7 notification"). Not part of the normal build:
 * {@code ./mvnw -pl notification-service test -Pbench -Dduban.seeds.dir=…}. On the real PostgreSQL, Kafka, GreenMail
 * SMTP server and a JDK HTTP webhook receiver that verifies every signature, it measures:
 * <ol>
 * <li>the raw limits in the same run: the service's own EmailChannel (Jakarta Mail) sending straight to GreenMail, and
 * signed POSTs straight to the receiver, {@code parallelism} at a time (as the dispatcher sends);</li>
 * <li>notices/s through the service: a burst of urgent WarningIssued events (one per unit, each unit with a duty
 * contact's mailbox and a webhook) published to Kafka, until every mail is in GreenMail and every webhook
 * accepted — consuming, planning, claiming, rendering, sending and recording included;</li>
 * <li>the county seed notice as a burst of TaskAssigned (built as {@code SeedImportTest} does; email digest daily):
 * time until every notice waits for the digest, then, the clock moved to 08:00, until the last digest is in
 * GreenMail.</li>
 * </ol>
 * Size: {@code -Dbench.notices=1000}.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class NotificationBench {

    private static final int NOTICES = Integer.getInteger("bench.notices", 1000);
    private static final int PARALLELISM = 8; // = duban.notification.dispatch.parallelism default

    @Inject
    org.duban.notification.email.EmailChannel mailer;

    @Test
    void measure() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z")); // 10:00 in the county
        QuarkusMock.installMockForType(clock, Clock.class);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> report = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver("test-webhook-secret", clock, Duration.ofMinutes(5))) {
            // 1. raw limits
            int raw = Math.max(200, NOTICES / 2);
            double rawMail = parallel(raw, i -> mailer.send(new org.duban.notification.delivery.Channel.Outgoing(UUID.randomUUID(), UUID.randomUUID(), "EMAIL",
                    "raw-" + i + "-" + run + "@bench.test", UUID.randomUUID(), "RAW", false, new org.duban.notification.notice.Notices.Rendered("raw " + i, "正文 " + i), null)));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // as WebhookChannel
            double rawHook = parallel(raw, i -> {
                String body = "{\"raw\":" + i + "}";
                long ts = clock.instant().getEpochSecond();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(receiver.url()))
                        .header(Signature.TIMESTAMP_HEADER, Long.toString(ts))
                        .header(Signature.SIGNATURE_HEADER, Signature.sign("test-webhook-secret", ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("raw webhook " + r.statusCode());
                }
            });
            report.add(String.format(Locale.ROOT, "raw SMTP (EmailChannel → GreenMail, %d in parallel): %.0f mails/s over %d", PARALLELISM, rawMail, raw));
            report.add(String.format(Locale.ROOT, "raw webhook (signed POST → JDK HttpServer, %d in parallel): %.0f requests/s over %d", PARALLELISM, rawHook, raw));
            int hooksBefore = receiver.accepted().size();

            // 2. through the service: one urgent notice per unit → one mail + one webhook each
            List<UnitSnapshot> units = new ArrayList<>();
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < NOTICES; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                units.add(Units.withContacts(id, "单位" + i, "n-" + i + "-" + run + "@bench.test", null, null, receiver.url()));
            }
            Publish.all(units, "unit-service");
            await().atMost(Duration.ofMinutes(5)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> UnitReplica.count("id in ?1", ids)) == NOTICES);
            int mailsBefore = MailServer.count();
            List<DomainEvent> warnings = new ArrayList<>();
            for (UUID id : ids) {
                warnings.add(new WarningIssued(UUID.randomUUID(), id, "RED", "基准测试", null, null, null, "督查室", clock.instant()));
            }
            long t0 = System.nanoTime();
            Publish.all(warnings, "supervision-service");
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(10)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> Delivery.count("unitId in ?1", ids)) == 2L * NOTICES);
            double planned = (System.nanoTime() - t0) / 1e9;
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(10))
                    .until(() -> MailServer.count() - mailsBefore >= NOTICES && receiver.accepted().size() - hooksBefore >= NOTICES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(NOTICES, MailServer.count() - mailsBefore, "no duplicate mail");
            assertEquals(NOTICES, receiver.accepted().size() - hooksBefore, "no duplicate webhook");
            report.add(String.format(Locale.ROOT, "service, Kafka → inbox + delivery rows → SMTP and webhook: %d events, %d deliveries in %.2f s = %.0f deliveries/s (%.0f mails/s + %.0f webhooks/s)",
                    NOTICES, 2 * NOTICES, seconds, 2 * NOTICES / seconds, NOTICES / seconds, NOTICES / seconds));
            report.add(String.format(Locale.ROOT, "  of which: all %d events consumed and their delivery rows written after %.2f s (%.0f events/s)",
                    NOTICES, planned, NOTICES / planned));

            // 3. the seed notice as a burst (as SeedImportTest builds it) and its digests
            var seed = SeedImportTest.assignmentsByUnit();
            List<UnitSnapshot> seedUnits = new ArrayList<>();
            List<UUID> seedIds = new ArrayList<>();
            List<DomainEvent> assigned = new ArrayList<>();
            int u = 0;
            for (var e : seed.entrySet()) {
                UUID id = UUID.randomUUID();
                seedIds.add(id);
                seedUnits.add(Units.withContacts(id, e.getKey(), "seed-" + (u++) + "-" + run + "@bench.test", null, null, null));
                for (String[] taskAndRole : e.getValue()) {
                    assigned.add(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), taskAndRole[0].lines().findFirst().orElse(""), id,
                            taskAndRole[1], Instant.parse("2021-12-31T15:59:59Z"), clock.instant()));
                }
            }
            final int seedUnitCount = seedIds.size();
            final int assignments = assigned.size();
            Publish.all(seedUnits, "unit-service");
            await().atMost(Duration.ofMinutes(2)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> UnitReplica.count("id in ?1", seedIds)) == seedUnitCount);
            long s0 = System.nanoTime();
            Publish.all(assigned, "task-service");
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(5)).until(() -> QuarkusTransaction.requiringNew()
                    .call(() -> Delivery.count("unitId in ?1 and status = 'WAITING_DIGEST'", seedIds)) == (long) assignments);
            double consumed = (System.nanoTime() - s0) / 1e9;
            int before = MailServer.count();
            long d0 = System.nanoTime();
            clock.set(Instant.parse("2021-07-24T00:00:00Z")); // 08:00: digest time
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofMinutes(5)).until(() -> MailServer.count() - before >= seedUnitCount);
            double digested = (System.nanoTime() - d0) / 1e9;
            assertEquals(seedUnitCount, MailServer.count() - before, "one digest per duty contact");
            report.add(String.format(Locale.ROOT, "seed notice burst: %d TaskAssigned for %d units → all waiting for the digest in %.2f s; clock at 08:00 → last of %d digests in GreenMail after %.2f s (total %.2f s, the wait for 08:00 excepted)",
                    assignments, seedUnitCount, consumed, seedUnitCount, digested, consumed + digested));
        }
        System.out.println("\n=== notification benchmark ===");
        report.forEach(System.out::println);
        System.out.println("==============================\n");
    }

    interface Job {
        void run(int i) throws Exception;
    }

    private static double parallel(int n, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < PARALLELISM; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        job.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
