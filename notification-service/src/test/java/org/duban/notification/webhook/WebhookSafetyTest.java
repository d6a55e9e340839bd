package org.duban.notification.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.supervision.WarningIssued;
import org.duban.events.unit.UnitSnapshot;
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
 * Issue 20, at send time: a webhook URL that now points at a loopback (other than the test switch allows),
 * link-local, private, CGNAT or unspecified address is refused before any connection, for good (one attempt, no
 * retry); a failed answer keeps only its status, never its body.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class WebhookSafetyTest {

    private static final String SECRET = "test-webhook-secret"; // %test default secret

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z")); // 10:00 in the county

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static Map<String, Object> delivery(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + unit + "&channel=WEBHOOK")
                .then().statusCode(200).extract().path("items[0]");
    }

    private static List<Map<String, Object>> log(UUID unit) {
        Object id = delivery(unit) == null ? null : delivery(unit).get("id");
        if (id == null) {
            return List.of();
        }
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/log?deliveryId=" + id)
                .then().statusCode(200).extract().path("items");
    }

    private static void replicate(List<UnitSnapshot> units) {
        Publish.all(units, "unit-service");
        List<UUID> ids = units.stream().map(UnitSnapshot::unitId).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", ids) == ids.size()));
    }

    private void redCardTo(UUID unit) {
        Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "RED", "严重滞后", null, null, null, "督查室", clock.instant())),
                "supervision-service");
    }

    @Test
    void privateLinkLocalCgnatAndUnspecifiedTargetsAreRefusedAtSendTimeForGoodWithoutAConnection() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5))) {
            int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("http://169.254.169.254/latest/meta-data/", "link-local");        // the cloud metadata service
            refused.put("http://10.1.2.3:8080/hook", "private");
            refused.put("http://192.168.1.20/hook", "private");
            refused.put("http://100.64.0.7/hook", "private");                           // CGNAT
            refused.put("http://[fd00::1]/hook", "private");                            // IPv6 unique local
            refused.put("http://[::ffff:172.16.0.1]/hook", "private");                  // IPv4 inside IPv6
            refused.put("http://0.0.0.0:" + port + "/hook", "unspecified");             // reaches this host on Linux
            refused.put("http://224.0.0.1/hook", "multicast");
            List<UUID> units = new ArrayList<>();
            List<UnitSnapshot> snapshots = new ArrayList<>();
            for (String url : refused.keySet()) {
                UUID unit = UUID.randomUUID();
                units.add(unit);
                snapshots.add(Units.withContacts(unit, "县单位", null, null, null, url));
            }
            replicate(snapshots);
            units.forEach(this::redCardTo);

            List<String> urls = List.copyOf(refused.keySet());
            for (int i = 0; i < units.size(); i++) {
                UUID unit = units.get(i);
                String why = refused.get(urls.get(i));
                await().atMost(Duration.ofSeconds(30)).until(() -> delivery(unit) != null && "FAILED".equals(delivery(unit).get("status")));
                assertEquals(1, delivery(unit).get("attempts"), urls.get(i) + ": refused for good at the first attempt, no retry");
                String error = String.valueOf(log(unit).get(0).get("error"));
                assertTrue(error.contains(why), urls.get(i) + " refused as " + why + ": " + error);
            }
            clock.advance(Duration.ofMinutes(30));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> units.stream().allMatch(u -> log(u).size() == 1));
            assertEquals(List.of(), receiver.received(), "0.0.0.0 never reached the local receiver");
        }
    }

    @Test
    void aFailedAnswerKeepsOnlyItsStatusNeverItsBody() throws Exception {
        String leak = "jdbc:postgresql://10.0.0.5/internal password=hunter2";
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5)).answering(n -> 500).answerBody(leak)) {
            UUID unit = UUID.randomUUID();
            replicate(List.of(Units.withContacts(unit, "县单位", null, null, null, receiver.url())));
            redCardTo(unit);
            await().atMost(Duration.ofSeconds(30)).until(() -> !log(unit).isEmpty());
            String error = String.valueOf(log(unit).get(0).get("error"));
            assertTrue(error.endsWith("webhook answered HTTP 500"), error);
            assertFalse(error.contains("hunter2") || String.valueOf(delivery(unit).get("lastError")).contains("hunter2"),
                    "no response body is stored: " + error + " / " + delivery(unit).get("lastError"));
        }
    }
}
