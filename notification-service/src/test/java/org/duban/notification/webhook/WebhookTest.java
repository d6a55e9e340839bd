package org.duban.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.supervision.WarningIssued;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.notification.support.WebhookReceiver;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Signed webhooks against a real HTTP server that verifies the signature and the timestamp; failures (500, no
 * answer) are logged and retried with backoff on the clock; quiet hours hold non-urgent notices until 07:00.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class WebhookTest {

    private static final String SECRET = "test-webhook-secret"; // %test.duban.notification.webhook.default-secret

    // 10:00 in the county
    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private UUID unitWithWebhook(WebhookReceiver receiver) {
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县卫生健康局", null, null, null, receiver.url())), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }

    /** The delivery's attempt log; empty while the event has not yet been planned as a delivery. */
    private static List<Map<String, Object>> log(UUID unit) {
        String delivery = given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + unit + "&channel=WEBHOOK")
                .then().statusCode(200).extract().path("items[0].id");
        if (delivery == null) {
            return List.of();
        }
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/log?deliveryId=" + delivery)
                .then().statusCode(200).extract().path("items");
    }

    private static String status(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + unit + "&channel=WEBHOOK")
                .then().statusCode(200).extract().path("items[0].status");
    }

    @Test
    void aSignedWebhookThatFirstAnswers500IsRetriedWithBackoffAndThenSent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5)).answering(n -> n == 1 ? 500 : 200)) {
            UUID unit = unitWithWebhook(receiver);
            Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "优化营商环境", unit, "LEAD",
                    Instant.parse("2021-12-31T15:59:59Z"), clock.instant())), "task-service");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 1);
            assertTrue(receiver.received().get(0).signatureValid(), "the receiver verified the HMAC signature and timestamp");
            await().atMost(Duration.ofSeconds(10)).until(() -> log(unit).size() == 1);
            assertEquals("FAILED", log(unit).get(0).get("status"));
            assertTrue(String.valueOf(log(unit).get(0).get("error")).contains("HTTP 500"), "the cause is logged: " + log(unit));
            assertEquals("PENDING", status(unit), "not marked sent");

            // before the backoff (10 s in tests) nothing is retried; after it, the retry succeeds
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
            clock.advance(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(unit)));
            assertEquals(2, receiver.received().size());
            assertEquals(1, receiver.accepted().size());
            String body = receiver.accepted().get(0).body();
            assertTrue(body.contains("\"noticeType\":\"ASSIGNED\"") && body.contains("新交办任务：优化营商环境"), body);
            assertEquals(List.of("SENT", "FAILED"), log(unit).stream().map(a -> a.get("status")).toList());
        }
    }

    @Test
    void aWebhookThatNeverAnswersTimesOutIsLoggedAndRetried() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5)).answering(n -> n == 1 ? -1 : 200)) {
            UUID unit = unitWithWebhook(receiver);
            Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "YELLOW", "连续两期未反馈进展", null, null, null, "督查室",
                    clock.instant())), "supervision-service");
            await().atMost(Duration.ofSeconds(30)).until(() -> !log(unit).isEmpty());
            assertTrue(String.valueOf(log(unit).get(0).get("error")).contains("Timeout"), "timeout logged: " + log(unit));
            assertEquals("PENDING", status(unit));
            clock.advance(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(status(unit)));
            assertEquals(1, receiver.accepted().size());
        }
    }

    @Test
    void quietHoursHoldNonUrgentWebhooksUntilMorningButNotUrgentOnes() throws Exception {
        clock.set(Instant.parse("2021-07-23T15:00:00Z")); // 23:00 in the county
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5))) {
            UUID unit = unitWithWebhook(receiver);
            Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "夜间交办的任务", unit, "LEAD", null, clock.instant()),
                    new WarningIssued(UUID.randomUUID(), unit, "RED", "严重滞后", null, null, null, "督查室", clock.instant())),
                    "task-service");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
            assertTrue(receiver.accepted().get(0).body().contains("\"urgent\":true"), "the red card goes at night");
            // the assignment waits for the morning: for a while, the red card stays the only one received
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(6)).until(() -> receiver.accepted().size() == 1);

            clock.set(Instant.parse("2021-07-23T23:00:00Z")); // 07:00
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 2);
            assertTrue(receiver.accepted().get(1).body().contains("夜间交办的任务"));
        }
    }
}
