package org.duban.notification.notice;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.duban.events.supervision.BulletinPublished;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.WarningIssued;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ReportReviewed;
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

/** Every trigger becomes its notice for the right people; a unit that chose IMMEDIATE email gets each at once. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class TriggersTest {

    private static final UUID OFFICE_UNIT = UUID.fromString("00000000-0000-0000-0000-00000000d0c5");

    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static Set<String> kinds(UUID unit) {
        List<String> kinds = given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unit + "&size=500")
                .then().statusCode(200).extract().path("items.kind");
        return Set.copyOf(kinds);
    }

    @Test
    void eachTriggerReachesItsAudienceAndImmediateEmailGoesAtOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@triggers.test";
        String head = "head-" + run + "@triggers.test";
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县水利局", duty, head, null, null)), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));

        // the unit's own officer switches email from the daily digest to immediate
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/notification-preferences/" + unit).then().statusCode(200)
                .body("EMAIL", equalTo("DAILY")).body("WEBHOOK", equalTo("IMMEDIATE"));
        given().auth().oauth2(Tokens.officerOf(unit)).contentType("application/json").body("{\"mode\":\"WEEKLY\"}")
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(400);
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).contentType("application/json").body("{\"mode\":\"IMMEDIATE\"}")
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).contentType("application/json").body("{\"mode\":\"IMMEDIATE\"}")
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(200).body("EMAIL", equalTo("IMMEDIATE"));

        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        String title = "水毁工程修复-" + run;
        Instant due = Instant.parse("2021-12-31T15:59:59Z");
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", due, clock.instant()),
                new DeadlineApproaching(assignment, task, unit, due, Instant.parse("2021-12-28T16:00:00Z")),
                new ExtensionDecided(UUID.randomUUID(), assignment, task, unit, true, Instant.parse("2022-03-31T15:59:59Z"), null, clock.instant()),
                new AssignmentReturned(assignment, task, unit, "不属于本单位职责", clock.instant())), "task-service");
        Publish.all(List.of(new WarningIssued(UUID.randomUUID(), unit, "YELLOW", null, "连续两期未反馈", assignment, task, "督查室", clock.instant()),
                new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), unit, "补齐工程台账", null, clock.instant()),
                new BulletinPublished(UUID.randomUUID(), "第三季度通报", LocalDate.of(2021, 7, 1), LocalDate.of(2021, 9, 30), null,
                        List.of(unit), clock.instant())), "supervision-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(unit).equals(
                Set.of("ASSIGNED", "APPROACHING", "EXTENSION", "WARNING", "RECTIFICATION", "BULLETIN")));
        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(OFFICE_UNIT).contains("RETURNED"));
        List<String> officeTitles = given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + OFFICE_UNIT + "&size=500")
                .then().extract().path("items.title");
        assertTrue(officeTitles.contains("任务被退回：" + title), officeTitles.toString());

        // immediate: six mails to the duty contact without waiting for 08:00; the head only where the head is told
        await().atMost(Duration.ofSeconds(30)).until(() -> MailServer.to(duty).size() == 6 && MailServer.to(head).size() == 3);
        Set<String> subjects = MailServer.to(duty).stream().map(MailServer::subject).collect(Collectors.toSet());
        assertTrue(subjects.contains("新交办任务：" + title), subjects.toString());
        assertTrue(subjects.contains("临近时限提醒：" + title), subjects.toString());
        assertTrue(subjects.contains("延期申请获得同意：" + title), subjects.toString());
        assertTrue(subjects.contains("黄牌预警：县水利局"), subjects.toString());
        assertTrue(subjects.contains("督查通报：第三季度通报"), subjects.toString());
        assertEquals(Set.of("黄牌预警：县水利局", "整改通知：县水利局", "督查通报：第三季度通报"),
                MailServer.to(head).stream().map(MailServer::subject).collect(Collectors.toSet()));
        String approaching = MailServer.text(MailServer.to(duty).stream()
                .filter(m -> MailServer.subject(m).startsWith("临近时限提醒")).findFirst().orElseThrow());
        assertTrue(approaching.contains("距今还有3天"), approaching);
    }

    @Test
    void aReportSentBackInReviewTellsTheUnitWhyAndAnApprovalTellsNoOne() {
        UUID unit = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        String title = "规范村级事务-" + UUID.randomUUID().toString().substring(0, 8);
        Instant due = Instant.parse("2021-12-31T15:59:59Z");
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "CO_RESPONSIBLE", due, clock.instant()),
                new ReportReviewed(UUID.randomUUID(), assignment, task, unit, true, null, "lead", clock.instant()),
                new ReportReviewed(UUID.randomUUID(), assignment, task, unit, false, "缺少佐证材料", "lead", clock.instant())),
                "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> kinds(unit).contains("REPORT_SENT_BACK"));
        List<String> titles = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit)
                .then().statusCode(200).extract().path("items.title");
        List<String> bodies = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit)
                .then().extract().path("items.body");
        assertEquals(2, titles.size(), "the assignment and the report sent back; the approval tells no one: " + titles);
        assertTrue(titles.contains("进展报告被退回：" + title), titles.toString());
        assertTrue(bodies.stream().anyMatch(b -> b.contains("理由：缺少佐证材料")), bodies.toString());
    }
}
