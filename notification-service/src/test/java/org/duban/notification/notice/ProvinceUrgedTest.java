package org.duban.notification.notice;

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

import jakarta.mail.internet.MimeMessage;

import org.duban.events.task.ProvinceUrged;
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
 * 省级催办 and 省级督办 ({@code ProvinceUrged} from task-service) reach the supervision office and each lead unit: inbox,
 * mail and webhook, once per recipient and channel however often the event is delivered, in the county's words.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class ProvinceUrgedTest {

    private static final UUID OFFICE_UNIT = UUID.fromString("00000000-0000-0000-0000-00000000d0c5"); // %test office unit
    private static final String OFFICE_MAIL = "duchashi@duban.local";
    private static final String SECRET = "test-webhook-secret"; // %test default webhook secret

    // 10:00 in the county: outside quiet hours
    private final TestClock clock = new TestClock(Instant.parse("2021-11-20T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static List<Map<String, Object>> inbox(UUID unit, String kind) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unit + "&size=500")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> kind.equals(i.get("kind"))).toList();
    }

    private static List<MimeMessage> mails(String address, String subjectPart) {
        return MailServer.to(address).stream().filter(m -> MailServer.subject(m).contains(subjectPart)).toList();
    }

    /** The webhook calls carrying the urge (the county task's assignment goes to the same endpoint). */
    private static List<WebhookReceiver.Received> urgesAt(WebhookReceiver hook) {
        return hook.received().stream().filter(r -> r.body().contains("PROVINCE_URGED")).toList();
    }

    private static void known(UUID... units) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> {
            for (UUID unit : units) {
                if (UnitReplica.findById(unit) == null) {
                    return false;
                }
            }
            return true;
        }));
    }

    private static void emailMode(UUID unit, String mode) {
        given().auth().oauth2(Tokens.supervisor()).contentType("application/json").body("{\"mode\":\"" + mode + "\"}")
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(200);
    }

    @Test
    void anUrgeDeliveredTwiceReachesTheLeadUnitAndTheOfficeOnceEachInWordsTheyRead() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@province.test";
        String head = "head-" + run + "@province.test";
        UUID lead = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (WebhookReceiver hook = new WebhookReceiver(SECRET, clock, Duration.ofMinutes(5))) {
            Publish.all(List.of(Units.withContacts(lead, "县政务服务中心", duty, head, null, hook.url()),
                    Units.withContacts(other, "县数据资源局", null, null, null, null)), "unit-service");
            known(lead, other);
            // mail at once instead of in the 08:00 digest, for the lead unit and the office (restored below)
            emailMode(lead, "IMMEDIATE");
            emailMode(OFFICE_UNIT, "IMMEDIATE");
            try {
                UUID countyTask = UUID.randomUUID();
                UUID provincialTask = UUID.randomUUID();
                String title = "深化“放管服”改革-" + run;
                Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), countyTask, "优化政务服务-" + run, lead, "LEAD",
                        Instant.parse("2021-12-31T15:59:59Z"), clock.instant(), null, null, "（五）")), "task-service");

                // urged at 01:00 on 20 November in Beijing (still the 19th in UTC); reply by the end of 30 November
                ProvinceUrged urge = new ProvinceUrged("P-MSG-" + run, provincialTask, "PROV-2021-06", "（六）", title, "URGE", null,
                        "工作进度滞后于序时进度", Instant.parse("2021-11-30T15:59:59Z"), List.of(countyTask), List.of(lead),
                        Instant.parse("2021-11-19T17:00:00Z"));
                List<Publish.Sent> sent = Publish.all(List.of(urge), "task-service");
                Publish.again(sent, "task-service"); // the same CloudEvents id: a redelivery
                // behind both on the same partition (key = the provincial task): when it is in, both urges were consumed
                Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), provincialTask, title, other, "LEAD", null, clock.instant())),
                        "task-service");
                await().atMost(Duration.ofSeconds(30)).until(() -> inbox(other, "ASSIGNED").size() == 1);

                String subject = "省级催办：（六）" + title;
                List<Map<String, Object>> unitEntries = inbox(lead, "PROVINCE_URGED");
                assertEquals(1, unitEntries.size(), unitEntries.toString());
                assertEquals(subject, unitEntries.get(0).get("title"));
                assertEquals("县政务服务中心：省级督查督办平台于2021年11月20日对省级任务（六）“" + title + "”进行催办，催办事由：工作进度滞后于序时进度。"
                        + "本县承接任务：（五），贵单位为牵头单位。请抓紧办理，并于2021年11月30日前将办理情况报县督查室。", unitEntries.get(0).get("body"));
                List<Map<String, Object>> officeEntries = inbox(OFFICE_UNIT, "PROVINCE_URGED").stream()
                        .filter(e -> subject.equals(e.get("title"))).toList();
                assertEquals(1, officeEntries.size(), officeEntries.toString());
                assertEquals("督查室：省级督查督办平台于2021年11月20日对省级任务（六）“" + title + "”进行催办，催办事由：工作进度滞后于序时进度。"
                        + "本县承接任务：（五）；牵头单位：县政务服务中心。请督促牵头单位抓紧办理，并于2021年11月30日前向省级平台回复办理情况。",
                        officeEntries.get(0).get("body"));

                // one mail to each recipient, one webhook call, all SENT: counted at the SMTP server and the receiver
                await("mail to the duty contact").atMost(Duration.ofSeconds(30)).until(() -> mails(duty, title).size() == 1);
                await("mail to the head").atMost(Duration.ofSeconds(30)).until(() -> mails(head, title).size() == 1);
                await("mail to the office").atMost(Duration.ofSeconds(30)).until(() -> mails(OFFICE_MAIL, title).size() == 1);
                await("webhook call").atMost(Duration.ofSeconds(30)).until(() -> urgesAt(hook).size() == 1);
                // the lead unit's notice has its own id, derived from (event, unit): mail to duty and head, one webhook
                UUID unitNotice = org.duban.notification.notice.Notices.perUnit(sent.get(0).id(), lead);
                await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor())
                        .get("/api/deliveries?eventId=" + unitNotice + "&status=SENT").then().extract().<Integer> path("total") == 3);
                given().auth().oauth2(Tokens.supervisor()).get("/api/deliveries?eventId=" + sent.get(0).id()).then()
                        .body("total", org.hamcrest.Matchers.equalTo(1)).body("items[0].recipient", org.hamcrest.Matchers.equalTo(OFFICE_MAIL));
                assertEquals(1, mails(duty, title).size());
                assertEquals(1, mails(head, title).size());
                assertEquals(1, mails(OFFICE_MAIL, title).size());
                assertEquals(1, urgesAt(hook).size());
                assertEquals(subject, MailServer.subject(mails(duty, title).get(0)));
                String text = MailServer.text(mails(duty, title).get(0));
                assertTrue(text.contains("于2021年11月30日前将办理情况报县督查室"), text);
                assertTrue(urgesAt(hook).get(0).signatureValid());
                assertTrue(urgesAt(hook).get(0).body().contains(subject), urgesAt(hook).get(0).body());
            } finally {
                emailMode(lead, "DAILY");
                emailMode(OFFICE_UNIT, "DAILY");
            }
        }
    }

    @Test
    void aRedSuperviseIsUrgentAndNamesTheLevelAndATaskNotYetSeenIsCountedNotInvented() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@province.test";
        UUID lead = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(lead, "县卫生健康局", duty, null, null, null)), "unit-service");
        known(lead);
        UUID seen = UUID.randomUUID();
        String title = "完善公共卫生体系-" + run;
        Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), seen, "疾控体系建设-" + run, lead, "LEAD", null, clock.instant(), null,
                null, "（十）")), "task-service");
        Publish.all(List.of(new ProvinceUrged("P-MSG-" + run, UUID.randomUUID(), "PROV-2021-12", "（十二）", title, "SUPERVISE", "RED",
                "经催办后仍未按期完成", null, List.of(seen, UUID.randomUUID()), List.of(lead), clock.instant())), "task-service");

        // the unit's email is in the daily digest by default: a red 督办 goes at once all the same
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(duty, title).size() == 1);
        assertEquals("省级红色督办：（十二）" + title, MailServer.subject(mails(duty, title).get(0)));
        List<Map<String, Object>> entries = inbox(lead, "PROVINCE_SUPERVISED");
        assertEquals(1, entries.size());
        assertEquals(Boolean.TRUE, entries.get(0).get("urgent"));
        assertEquals("县卫生健康局：省级督查督办平台于2021年11月20日将省级任务（十二）“" + title + "”列为红色督办，督办事由：经催办后仍未按期完成。"
                + "本县承接任务：（十）及另外1项本县任务，贵单位为牵头单位。请立即研究整改措施、抓紧推进。", entries.get(0).get("body"));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(OFFICE_UNIT, "PROVINCE_SUPERVISED").stream()
                .anyMatch(e -> ("省级红色督办：（十二）" + title).equals(e.get("title"))));
    }
}
