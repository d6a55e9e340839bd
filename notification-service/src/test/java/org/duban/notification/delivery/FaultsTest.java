package org.duban.notification.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.supervision.RectificationOrdered;
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

/** What goes wrong: a refusing SMTP server, a unit with no contacts, a template error; and what must stay silent. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class FaultsTest {

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static void known(UUID... units) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", List.of(units)) == units.length));
    }

    private static Map<String, Object> delivery(UUID unit, String channel) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + unit + "&channel=" + channel)
                .then().statusCode(200).extract().path("items[0]");
    }

    @Test
    void aRefusingSmtpServerIsLoggedAndRetriedWhileTheWebhookGoesOnAndNothingIsMarkedSentThatWasNot() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@faults.test";
        try (WebhookReceiver receiver = new WebhookReceiver("test-webhook-secret", clock, Duration.ofMinutes(5))) {
            UUID unit = UUID.randomUUID();
            Publish.all(List.of(Units.withContacts(unit, "县住建局", duty, null, null, receiver.url())), "unit-service");
            known(unit);
            MailServer.stopServer();
            try {
                Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "RED", "重大项目严重滞后", null, null, null, "督查室",
                        clock.instant())), "supervision-service");
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) delivery(unit, "EMAIL").get("attempts")).intValue() >= 1);
                Map<String, Object> mail = delivery(unit, "EMAIL");
                assertEquals("PENDING", mail.get("status"), "not sent, to be retried");
                assertEquals("SENT", delivery(unit, "WEBHOOK").get("status"), "the other channel went on");
                given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/log?recipient=" + duty).then().statusCode(200)
                        .body("items[0].status", equalTo("FAILED")).body("items[0].channel", equalTo("EMAIL"))
                        .body("items[0].error", containsString("onnect"));
            } finally {
                MailServer.startServer();
            }
            clock.advance(Duration.ofSeconds(11));
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(delivery(unit, "EMAIL").get("status")));
            assertEquals(1, MailServer.to(duty).size());
            assertTrue(MailServer.subject(MailServer.to(duty).get(0)).startsWith("红牌预警"));
        }
    }

    /**
     * Issue 19: a transient failure never dead-letters a notice. The SMTP server stays down through more attempts than
     * max-attempts (4 in the test profile): the email delivery stays PENDING, retried every max-backoff, and goes out
     * once the server is back. (Before, the 4th refused connection made it FAILED for good.)
     */
    @Test
    void anSmtpOutageLongerThanEveryRetryNeverFailsTheNoticeForGood() {
        String duty = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@faults.test";
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县统计局", duty, null, null, null)), "unit-service");
        known(unit);
        MailServer.stopServer();
        try {
            Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "RED", "统计数据严重滞后", null, null, null, "督查室",
                    clock.instant())), "supervision-service");
            for (int attempt = 1; attempt <= 6; attempt++) {
                int n = attempt;
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) delivery(unit, "EMAIL").get("attempts")).intValue() >= n);
                assertEquals("PENDING", delivery(unit, "EMAIL").get("status"), "after attempt " + n + " it still waits for the server");
                clock.advance(Duration.ofSeconds(81)); // past the longest backoff of the test profile (80 s)
            }
        } finally {
            MailServer.startServer();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(delivery(unit, "EMAIL").get("status")));
        assertEquals(1, MailServer.to(duty).size());
    }

    @Test
    void aUnitWithoutContactsStillGetsItsInboxEntryAndShowsUpAsUndeliverable() {
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县档案馆", null, null, null, null)), "unit-service");
        known(unit);
        Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "档案数字化", unit, "LEAD", null, clock.instant())),
                "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor())
                .get("/api/deliveries/undeliverable?unitId=" + unit).then().statusCode(200).extract().<Integer> path("total") == 1);
        given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/undeliverable?unitId=" + unit).then()
                .body("items[0].noticeType", equalTo("ASSIGNED")).body("items[0].reason", containsString("无联络员的邮箱"));
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().body("total", equalTo(1));
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/deliveries/undeliverable").then().statusCode(403);
    }

    @Test
    void anUnannouncedInspectionTellsNoOneWhileAnAnnouncedOneTellsItsUnits() {
        UUID secret = UUID.randomUUID();
        UUID announced = UUID.randomUUID();
        UUID witness = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(secret, "县市场监管局", "s-" + secret + "@faults.test", "h-" + secret + "@faults.test", null, null),
                Units.withContacts(announced, "县应急局", "a-" + announced + "@faults.test", null, null, null),
                Units.withContacts(witness, "县商务局", "w-" + witness + "@faults.test", null, null, null)), "unit-service");
        known(secret, announced, witness);
        Instant starts = clock.instant().plus(Duration.ofDays(2));
        UUID unannounced = UUID.randomUUID();
        // The unannounced inspection, then an event after it on the same partition (keyed by the same inspection) that does
        // tell someone else: once that one is in the witness's inbox, the inspection before it has been consumed too, and
        // "nothing for the secret unit" means something (waiting on another inspection's notice proves nothing: another key).
        Publish.all(List.of(
                new InspectionScheduled(unannounced, "食品安全暗访", "UNANNOUNCED", false, starts, List.of(secret), List.of(), clock.instant()),
                new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), unannounced, witness, "落实进货查验制度", starts.plus(Duration.ofDays(30)),
                        clock.instant()),
                new InspectionScheduled(UUID.randomUUID(), "安全生产督查", "REGULAR", true, starts, List.of(announced), List.of(), clock.instant())),
                "supervision-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.officerOf(witness)).get("/api/inbox?unitId=" + witness)
                .then().extract().<Integer> path("total") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.officerOf(announced)).get("/api/inbox?unitId=" + announced)
                .then().extract().<Integer> path("total") == 1);
        clock.set(starts.plus(Duration.ofDays(1)));
        given().auth().oauth2(Tokens.officerOf(secret)).get("/api/inbox?unitId=" + secret).then().body("total", equalTo(0));
        given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?unitId=" + secret).then().body("total", equalTo(0));
        given().auth().oauth2(Tokens.officerOf(announced)).get("/api/inbox?unitId=" + announced).then()
                .body("items[0].title", equalTo("督查检查通知：安全生产督查"));
    }

    @Test
    void everyTemplatePreviewsWithSampleDataAndATemplateErrorIsLoggedNotSent() {
        for (String type : List.of("ASSIGNED", "APPROACHING", "OVERDUE", "RECOVERED", "RETURNED", "EXTENSION", "WARNING", "INSPECTION",
                "RECTIFICATION", "BULLETIN", "TRANSFERRED", "PROVINCE_URGED", "PROVINCE_SUPERVISED", "DIGEST")) {
            given().auth().oauth2(Tokens.supervisor()).get("/api/notices/types/" + type + "/preview").then().statusCode(200)
                    .body("subject", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyString()));
        }
        given().auth().oauth2(Tokens.supervisor()).get("/api/notices/types/OVERDUE/preview").then()
                .body("subject", equalTo("【逾期第3天催办】任务逾期：建设“互联网+督查”平台"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/notices/types/NOPE/preview").then().statusCode(404);
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/notices/types").then().statusCode(403);

        // a delivery whose data the template cannot render (a parameter missing): FAILED attempt with the cause, not SENT
        UUID id = UUID.randomUUID();
        UUID unit = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery d = new Delivery();
            d.id = id;
            d.eventId = UUID.randomUUID();
            d.recipient = "broken-" + id + "@faults.test";
            d.channel = "EMAIL";
            d.unitId = unit;
            d.noticeType = "WARNING";
            d.params = Map.of("color", "黄牌"); // no reason, no unitName
            d.urgent = true;
            d.status = Delivery.PENDING;
            d.nextAttemptAt = clock.instant();
            d.createdAt = clock.instant();
            d.persist();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) delivery(unit, "EMAIL").get("attempts")).intValue() >= 1);
        assertEquals("PENDING", delivery(unit, "EMAIL").get("status"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries/log?deliveryId=" + id).then()
                .body("items[0].status", equalTo("FAILED")).body("items[0].error", startsWith("template"));
        assertEquals(0, MailServer.to("broken-" + id + "@faults.test").size());
    }

    @Test
    void anOfficerMarksItsOwnEntriesReadButNotAnotherUnits() {
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "河长制", unit, "LEAD", null, clock.instant()),
                new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "林长制", unit, "LEAD", null, clock.instant())), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit)
                .then().extract().<Integer> path("unread") == 2);
        String entry = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().extract().path("items[0].id");
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).post("/api/inbox/" + entry + "/read").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).post("/api/inbox/" + entry + "/read").then().statusCode(200).body("read", equalTo(true));
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().body("unread", equalTo(1));
        given().auth().oauth2(Tokens.officerOf(unit)).post("/api/inbox/read-all?unitId=" + unit).then().statusCode(200).body("marked", equalTo(1));
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().body("unread", equalTo(0));
    }
}
