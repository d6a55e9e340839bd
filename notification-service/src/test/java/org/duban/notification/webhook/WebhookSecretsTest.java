package org.duban.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.supervision.WarningIssued;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Issue 20: per-unit webhook secrets, generated, shown once, rotatable. Without a shared default secret (this
 * profile), a unit's first secret is generated when its webhook first needs one and nothing is sent with it until its
 * officer has been handed one; a rotation answers the new secret once (never readable afterwards) and, for the grace,
 * the previous secret signs too, in {@code X-Duban-Signature-Previous}. A configured per-unit secret keeps working
 * until the unit's first rotation.
 */
@QuarkusTest
@TestProfile(WebhookSecretsTest.NoSharedSecret.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class WebhookSecretsTest {

    static final UUID CONFIGURED_UNIT = UUID.fromString("5ec4e700-0000-4000-8000-00000000c0f1");
    static final String CONFIGURED_SECRET = "configured-secret-of-one-unit";

    public static class NoSharedSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // both spellings: a %test. key in application.properties would otherwise win over the plain one
            return Map.of("duban.notification.webhook.default-secret", "",
                    "%test.duban.notification.webhook.default-secret", "",
                    "duban.notification.webhook.secrets.\"" + CONFIGURED_UNIT + "\"", CONFIGURED_SECRET,
                    "duban.notification.webhook.rotation-grace", "PT1H");
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z")); // 10:00 in the county

    @Inject
    WebhookSecrets secrets;

    @Inject
    EntityManager em;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static void replicate(UUID unit, String url) {
        Publish.all(List.of(Units.withContacts(unit, "县单位", null, null, null, url)), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
    }

    private void redCardTo(UUID unit) {
        Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "RED", "严重滞后", null, null, null, "督查室", clock.instant())),
                "supervision-service");
    }

    private static List<Map<String, Object>> log(UUID unit) {
        List<String> ids = given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + unit + "&channel=WEBHOOK")
                .then().statusCode(200).extract().path("items.id");
        if (ids.isEmpty()) {
            return List.of();
        }
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/log?deliveryId=" + ids.get(0))
                .then().statusCode(200).extract().path("items");
    }

    private static String rotate(UUID unit, String token) {
        Response answer = given().auth().oauth2(token).post("/api/webhook-secrets/" + unit);
        answer.then().statusCode(200).header("Cache-Control", "no-store").body("unitId", equalTo(unit.toString()));
        String secret = answer.path("secret");
        assertEquals(32, Base64.getUrlDecoder().decode(secret).length, "32 random bytes, base64url");
        return secret;
    }

    private static boolean signedWith(String secret, WebhookReceiver.Received r, String header) {
        return WebhookReceiver.signedWith(secret, r.headers().get("X-Duban-Timestamp"), r.headers().get(header), r.body());
    }

    @Test
    void aFirstSecretIsGeneratedHeldUntilHandedOverThenRotatedWithTheOldOneSigningForTheGrace() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(null, clock, Duration.ofMinutes(5))) {
            UUID unit = UUID.randomUUID();
            replicate(unit, receiver.url());
            redCardTo(unit);
            // generated on first need, but nobody holds it yet: nothing goes out, the attempt says why, it is retried
            await().atMost(Duration.ofSeconds(30)).until(() -> !log(unit).isEmpty());
            assertTrue(String.valueOf(log(unit).get(0).get("error")).contains("not yet handed over"), log(unit).toString());
            assertEquals(List.of(), receiver.received());
            String shown = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/webhook-secrets/" + unit).then().statusCode(200)
                    .body("source", equalTo("GENERATED")).body("handedOver", equalTo(false)).body("createdBy", equalTo("system"))
                    .extract().asString();

            // only the unit's own officer or an admin rotates
            given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).post("/api/webhook-secrets/" + unit).then().statusCode(403);
            given().auth().oauth2(Tokens.supervisor()).post("/api/webhook-secrets/" + unit).then().statusCode(403);
            given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/webhook-secrets/" + unit).then().statusCode(403);

            String first = rotate(unit, Tokens.officerOf(unit));
            receiver.withSecret(first);
            String after = given().auth().oauth2(Tokens.admin()).get("/api/webhook-secrets/" + unit).then().statusCode(200)
                    .body("source", equalTo("GENERATED")).body("handedOver", equalTo(true)).body("rotations", equalTo(1))
                    .extract().asString();
            assertFalse(shown.contains(first) || after.contains(first) || after.contains("\"secret\""), "never readable again: " + after);

            clock.advance(Duration.ofSeconds(11)); // the held notice's backoff
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
            assertFalse(receiver.accepted().get(0).headers().containsKey("X-Duban-Signature-Previous"),
                    "the generated secret nobody held signs nothing");

            // a second rotation: the receiver still on the first secret verifies the previous signature during the grace
            String second = rotate(unit, Tokens.admin());
            assertNotEquals(first, second);
            receiver.verifying("X-Duban-Signature-Previous");
            redCardTo(unit);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 2);
            WebhookReceiver.Received during = receiver.accepted().get(1);
            assertTrue(signedWith(second, during, "X-Duban-Signature"), "the new secret signs X-Duban-Signature");
            assertTrue(signedWith(first, during, "X-Duban-Signature-Previous"));

            // after the grace, only the new secret signs
            clock.advance(Duration.ofMinutes(61));
            receiver.verifying("X-Duban-Signature").withSecret(second);
            redCardTo(unit);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 3);
            WebhookReceiver.Received later = receiver.accepted().get(2);
            assertFalse(later.headers().containsKey("X-Duban-Signature-Previous"), later.headers().toString());
        }
    }

    @Test
    void aConfiguredSecretSignsUntilTheFirstRotationAndThenSignsAsThePreviousForTheGrace() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(CONFIGURED_SECRET, clock, Duration.ofMinutes(5))) {
            replicate(CONFIGURED_UNIT, receiver.url());
            given().auth().oauth2(Tokens.admin()).get("/api/webhook-secrets/" + CONFIGURED_UNIT).then().statusCode(200)
                    .body("source", equalTo("CONFIGURED"));
            redCardTo(CONFIGURED_UNIT);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);

            String fresh = rotate(CONFIGURED_UNIT, Tokens.admin());
            receiver.verifying("X-Duban-Signature-Previous");
            redCardTo(CONFIGURED_UNIT);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 2);
            assertTrue(signedWith(fresh, receiver.accepted().get(1), "X-Duban-Signature"));
            given().auth().oauth2(Tokens.admin()).get("/api/webhook-secrets/" + CONFIGURED_UNIT).then().statusCode(200)
                    .body("source", equalTo("GENERATED")).body("rotatedBy", equalTo("admin"));
        }
    }

    @Test
    void twoInstancesNeedingAUnitsFirstSecretAtOnceGetTheSameOne() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                UUID unit = UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<String>> got = List.of(two.submit(() -> {
                    start.await();
                    return secrets.forSending(unit).current();
                }), two.submit(() -> {
                    start.await();
                    return secrets.forSending(unit).current();
                }));
                assertEquals(got.get(0).get(), got.get(1).get(), "round " + round);
                long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em
                        .createNativeQuery("select count(*) from webhook_secret where unit_id = ?1").setParameter(1, unit)
                        .getSingleResult()).longValue());
                assertEquals(1, rows);
            }
        } finally {
            two.shutdownNow();
        }
    }
}
