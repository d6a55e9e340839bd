package org.duban.notification.escalation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.duban.notification.support.NoticeChecks.consumed;
import static org.duban.notification.support.NoticeChecks.inboxTitles;
import static org.duban.notification.support.NoticeChecks.known;
import static org.duban.notification.support.NoticeChecks.overdueMails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.task.CalendarYearUnknown;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueKind;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
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
 * Issue 18: task-service counts a working-day deadline again when its year's calendar is entered and announces
 * DueDateChanged, then (the old date having been missed) DeadlineRecovered EXTENDED of the old date. The unit is told the
 * old and the new date (Beijing days); the old date's ladder ends without 逾期已解除 when the new date lies ahead, and goes on
 * under the new date, without a second day 0, when the new date is missed too. And the 1 December notice
 * (CalendarYearUnknown) reaches the admin role's inbox and the supervision office, once.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class DueDateChangedTest {

    private static final Instant OLD_DUE = Instant.parse("2027-01-06T15:59:59Z"); // 6 January, end of day in the county
    private static final Instant NEW_DUE = Instant.parse("2027-01-08T15:59:59Z");
    private static final Instant MISSED_AT = Instant.parse("2027-01-07T02:00:00Z");
    private static final UUID OFFICE = UUID.fromString("00000000-0000-0000-0000-00000000d0c5");

    private final TestClock clock = new TestClock(MISSED_AT);

    @Inject
    OverdueLadder ladder;

    @Inject
    EntityManager em;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aLaterDateEndsTheOldLadderAndTheUnitIsToldTheDeadlineMovedNotThatItCaughtUp() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@moved.test";
        UUID unit = UUID.randomUUID();
        known(Units.withContacts(unit, "县政务服务中心", duty, "head-" + run + "@moved.test", null, null));
        String title = "政务服务事项清单梳理-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", OLD_DUE, Instant.parse("2026-12-31T02:00:00Z")),
                new DeadlineMissed(assignment, task, unit, OLD_DUE, MISSED_AT, DueKind.FINAL, null)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title, "2027年1月6日").size() == 1);

        // 2027 entered at 03:00 on 7 January: 5个工作日内 now ends on Friday 8 January, still ahead
        Instant changedAt = MISSED_AT.plus(Duration.ofHours(1));
        clock.set(changedAt);
        List<Publish.Sent> sent = Publish.all(List.of(
                new DueDateChanged(assignment, task, unit, DueKind.FINAL, OLD_DUE, NEW_DUE, "2027年工作日历已录入，按工作日重新计算期限", changedAt),
                new DeadlineRecovered(assignment, task, unit, OLD_DUE, DueKind.FINAL, "EXTENDED", changedAt)), "task-service");
        consumed(sent.get(1).id());
        List<Map<String, Object>> moved = inbox(unit, "DUE_DATE_CHANGED");
        assertEquals(1, moved.size(), moved.toString());
        assertEquals("任务完成时限调整：" + title, moved.get(0).get("title"));
        String body = (String) moved.get(0).get("body");
        assertTrue(body.contains("完成时限由2027年1月6日调整为2027年1月8日"), body);
        assertTrue(body.contains("调整原因：2027年工作日历已录入，按工作日重新计算期限。") && body.contains("逾期催办随之终止"), body);
        assertFalse(inboxTitles(unit).stream().anyMatch(t -> t.startsWith("逾期已解除")), "the deadline moved; nothing was caught up");
        Object[] item = item(assignment);
        assertEquals(OLD_DUE, item[0]);
        assertEquals(OverdueLadder.DUE_DATE_CHANGED, item[1]);

        // no more 催办 of the old date; the event told again changes nothing
        clock.set(MISSED_AT.plus(Duration.ofDays(8)));
        ladder.sweep();
        assertEquals(1, overdueMails(duty, title, "2027年1月6日").size());
        Publish.again(sent.subList(0, 1), "task-service");
        UUID marker = Publish.all(List.of(new DeadlineRecovered(UUID.randomUUID(), task, unit, OLD_DUE, DueKind.FINAL, "REPORTED",
                changedAt)), "task-service").get(0).id(); // same partition (keyed by task), behind the redelivery; changes nothing
        consumed(marker);
        assertEquals(1, inbox(unit, "DUE_DATE_CHANGED").size());
    }

    @Test
    void aNewDateMissedTooTakesOverTheOldDatesChaseWithoutASecondDayZero() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@rekeyed.test";
        String head = "head-" + run + "@rekeyed.test";
        UUID unit = UUID.randomUUID();
        known(Units.withContacts(unit, "县教育局", duty, head, null, null));
        String title = "校园安全排查-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", OLD_DUE, Instant.parse("2026-12-31T02:00:00Z")),
                new DeadlineMissed(assignment, task, unit, OLD_DUE, MISSED_AT, DueKind.FINAL, null)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title, "2027年1月6日").size() == 1);
        clock.set(MISSED_AT.plus(Duration.ofDays(3)).plusSeconds(60));
        ladder.sweep();
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(head, title, "2027年1月6日").size() == 1); // day 3

        // entered late (10 January): the new date, 8 January, is missed as well; task-service announces its miss
        Instant changedAt = clock.instant();
        List<Publish.Sent> sent = Publish.all(List.of(
                new DueDateChanged(assignment, task, unit, DueKind.FINAL, OLD_DUE, NEW_DUE, "2027年工作日历已录入，按工作日重新计算期限", changedAt),
                new DeadlineRecovered(assignment, task, unit, OLD_DUE, DueKind.FINAL, "EXTENDED", changedAt),
                new DeadlineMissed(assignment, task, unit, NEW_DUE, changedAt, DueKind.FINAL, null)), "task-service");
        consumed(sent.get(2).id());
        Object[] item = item(assignment);
        assertEquals(NEW_DUE, item[0], "the chase now names the new date");
        assertNull(item[1], "still chased");
        assertEquals(3, ((Number) item[2]).intValue(), "its step stays: no second day 0");
        assertEquals(0, overdueMails(duty, title, "2027年1月8日").size(), "no new 逾期提醒");
        assertFalse(inboxTitles(unit).stream().anyMatch(t -> t.startsWith("逾期已解除")));
        String body = (String) inbox(unit, "DUE_DATE_CHANGED").get(0).get("body");
        assertTrue(body.contains("按调整后的时限仍已逾期，逾期催办继续"), body);

        // day 7 of the chase: the 催办 states the new date
        clock.set(MISSED_AT.plus(Duration.ofDays(7)).plusSeconds(60));
        ladder.sweep();
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(head, title, "2027年1月8日").size() == 1);
        assertTrue(MailServer.subject(overdueMails(head, title, "2027年1月8日").get(0)).contains("逾期第7天催办"));
    }

    @Test
    void theFirstOfDecemberNoticeReachesTheAdminAndTheOfficeOnce() {
        int year = 2061 + (int) (Math.random() * 30); // distinct per run of a reused database
        Instant at = Instant.parse((year - 1) + "-11-30T16:00:00Z");
        CalendarYearUnknown unknown = new CalendarYearUnknown(year, LocalDate.of(year - 1, 12, 1), at);
        List<Publish.Sent> sent = Publish.all(List.of(unknown), "task-service");
        consumed(sent.get(0).id());
        Publish.again(sent, "task-service"); // told again (a relay resending): nothing more, held for a while
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> adminEntries(year).size() == 1);
        List<Map<String, Object>> admin = adminEntries(year);
        assertEquals("CALENDAR_UNKNOWN", admin.get(0).get("kind"));
        assertTrue(((String) admin.get(0).get("body")).contains("截至" + (year - 1) + "年12月1日，系统尚无" + year + "年法定节假日及调休安排"),
                admin.toString());
        List<Map<String, Object>> office = inbox(OFFICE, "CALENDAR_UNKNOWN").stream()
                .filter(e -> e.get("title").equals("请录入" + year + "年工作日历")).toList();
        assertEquals(1, office.size(), "the office is told once");
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/admin/inbox").then().statusCode(403);
    }

    private static List<Map<String, Object>> adminEntries(int year) {
        return given().auth().oauth2(Tokens.admin()).get("/api/admin/inbox").then().statusCode(200)
                .extract().path("findAll { it.title == '请录入" + year + "年工作日历' }");
    }

    /** The assignment's one ladder item: due date, how closed, step notified. */
    private Object[] item(UUID assignment) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("select due_at, closed_how, notified_day from overdue_item where assignment_id = ?1")
                    .setParameter(1, assignment).getResultList();
            assertEquals(1, rows.size());
            Object[] row = (Object[]) rows.get(0);
            return new Object[] { row[0] instanceof java.sql.Timestamp t ? t.toInstant() : row[0] instanceof java.time.OffsetDateTime o
                    ? o.toInstant() : row[0], row[1], row[2] };
        });
    }

    private static List<Map<String, Object>> inbox(UUID unitId, String kind) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unitId + "&size=500")
                .then().statusCode(200).extract().path("items.findAll { it.kind == '" + kind + "' }");
    }
}
