package org.duban.notification.escalation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
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

/** The overdue ladder climbs with the clock — day 0 duty contact, day 3 also the head, day 7 also the supervising unit and the office — and stops at recovery. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class EscalationTest {

    private static final String OFFICE_MAIL = "duchashi@duban.local";
    private static final UUID OFFICE_UNIT = UUID.fromString("00000000-0000-0000-0000-00000000d0c5");

    private final Instant missedAt = Instant.parse("2022-01-01T02:00:00Z"); // 10:00 in the county
    private final TestClock clock = new TestClock(missedAt);

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static List<MimeMessage> overdueMails(String to, String title) {
        return MailServer.to(to).stream().filter(m -> MailServer.subject(m).contains("任务逾期：" + title)).toList();
    }

    @Test
    void theLadderClimbsAtDayZeroThreeAndSevenRepeatsAndStopsWhenRecovered() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@ladder.test";
        String head = "head-" + run + "@ladder.test";
        String supervisorDuty = "sup-duty-" + run + "@ladder.test";
        UUID supervisor = UUID.randomUUID();
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(supervisor, "县政府办", supervisorDuty, null, null, null),
                Units.withContacts(unit, "县教育局", duty, head, supervisor, null)), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", List.of(unit, supervisor)) == 2));

        String title = "义务教育优质均衡-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Instant due = Instant.parse("2021-12-31T15:59:59Z");
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", due, Instant.parse("2021-07-23T02:00:00Z")),
                new DeadlineMissed(assignment, task, unit, due, missedAt)), "task-service");

        // day 0: the duty contact only, at once (overdue notices are urgent: no digest)
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title).size() == 1);
        assertTrue(MailServer.subject(overdueMails(duty, title).get(0)).startsWith("【逾期提醒】"));
        assertEquals(0, overdueMails(head, title).size());

        // day 3: also the head
        clock.set(missedAt.plus(Duration.ofDays(3)).plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(head, title).size() == 1 && overdueMails(duty, title).size() == 2);
        assertTrue(MailServer.subject(overdueMails(head, title).get(0)).contains("逾期第3天催办"));
        assertEquals(0, overdueMails(supervisorDuty, title).size());
        assertEquals(0, overdueMails(OFFICE_MAIL, title).size());

        // day 7: also the supervising unit and the supervision office, by mail and in their inboxes
        clock.set(missedAt.plus(Duration.ofDays(7)).plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(supervisorDuty, title).size() == 1
                && overdueMails(OFFICE_MAIL, title).size() == 1 && overdueMails(duty, title).size() == 3 && overdueMails(head, title).size() == 2);
        assertTrue(inboxTitles(supervisor).stream().anyMatch(t -> t.contains(title)), "the supervising unit's inbox has it");
        assertTrue(inboxTitles(OFFICE_UNIT).stream().anyMatch(t -> t.contains(title)), "the office's inbox has it");

        // every 3 days after that, a reminder (催办) to all of them
        clock.set(missedAt.plus(Duration.ofDays(10)).plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title).size() == 4 && overdueMails(supervisorDuty, title).size() == 2);
        assertTrue(MailServer.subject(overdueMails(duty, title).get(3)).contains("第2次催办"));

        // recovered as task-service recovers a final deadline (Recoveries): an approved extension replaces the date
        // missed (a report recovers only periods and milestones). The unit is told, and the reminders stop.
        Publish.all(List.of(new ExtensionDecided(UUID.randomUUID(), assignment, task, unit, true, Instant.parse("2022-02-28T15:59:59Z"),
                "同意延期", clock.instant()),
                new DeadlineRecovered(assignment, task, unit, due, DueKind.FINAL, "EXTENDED", clock.instant())), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxTitles(unit).stream().anyMatch(t -> t.startsWith("逾期已解除")));
        given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unit + "&size=500").then()
                .body("items.find { it.title.startsWith('逾期已解除') }.body", org.hamcrest.Matchers.containsString("已获准延期"));
        clock.set(missedAt.plus(Duration.ofDays(20)).plusSeconds(60));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> overdueMails(duty, title).size() == 4);
        assertEquals(2, overdueMails(supervisorDuty, title).size());
        assertEquals(4, overdueMails(duty, title).size(), "no reminder after recovery");
    }

    private static List<String> inboxTitles(UUID unitId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unitId + "&size=500")
                .then().statusCode(200).extract().path("items.title");
    }
}
