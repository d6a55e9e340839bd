package org.duban.notification.notice;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.duban.notification.support.NoticeChecks.consumed;
import static org.duban.notification.support.NoticeChecks.known;
import static org.duban.notification.support.NoticeChecks.overdueDeliveries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.escalation.OverdueLadder;
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
 * Issue 22 (and issue 18's "the ladder stops on withdrawal"): 撤销交办 stops the overdue ladder of the assignment and
 * tells the unit why, without a 逾期已解除; a miss from a sweep's older snapshot afterwards opens nothing. A cancelled
 * inspection is told to the units of an announced one, and to no one for an unannounced one.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class WithdrawalNoticesTest {

    private static final Instant FINAL_DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final Instant NEW_YEAR = Instant.parse("2022-01-01T02:00:00Z");

    private final TestClock clock = new TestClock(NEW_YEAR);

    @Inject
    OverdueLadder ladder;

    @Inject
    EntityManager em;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aWithdrawalStopsTheLadderAndTellsTheUnitWhy() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID unit = UUID.randomUUID();
        known(Units.withContacts(unit, "县民政局", "duty-" + run + "@withdraw.test", "head-" + run + "@withdraw.test", null, null));
        String title = "规范村级公章使用管理-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", FINAL_DUE, Instant.parse("2021-07-01T02:00:00Z")),
                new DeadlineMissed(assignment, task, unit, FINAL_DUE, NEW_YEAR, DueKind.FINAL, null)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openItems(assignment) == 1 && overdueDeliveries(assignment) > 0);

        // what task-service announces in one change: the withdrawal, then the recovery of its announced miss
        Instant at = NEW_YEAR.plus(Duration.ofHours(5));
        UUID recovered = Publish.all(List.of(
                new AssignmentWithdrawn(assignment, task, title, unit, "LEAD", "ACCEPTED", "交办有误，该事项不属县级事权", "督查室", at),
                new DeadlineRecovered(assignment, task, unit, FINAL_DUE, DueKind.FINAL, "WITHDRAWN", at)), "task-service").get(1).id();
        consumed(recovered);
        assertEquals(0, openItems(assignment), "the ladder stopped");
        List<Map<String, Object>> inbox = inbox(unit);
        Map<String, Object> told = inbox.stream().filter(i -> "WITHDRAWN".equals(i.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no 撤销交办 notice: " + inbox));
        assertEquals("撤销交办：" + title, told.get("title"));
        assertTrue(String.valueOf(told.get("body")).contains("交办有误，该事项不属县级事权"), String.valueOf(told.get("body")));
        assertFalse(inbox.stream().anyMatch(i -> String.valueOf(i.get("title")).startsWith("逾期已解除")), "not 逾期已解除: " + inbox);

        // no more 催办, however late; a miss from an older snapshot opens nothing
        long sent = overdueDeliveries(assignment);
        clock.set(NEW_YEAR.plus(Duration.ofDays(10)));
        ladder.sweep();
        UUID stale = Publish.all(List.of(new DeadlineMissed(assignment, task, unit, Instant.parse("2021-11-30T15:59:59Z"), at.plusSeconds(1),
                DueKind.MILESTONE, "完成制度修订")), "task-service").get(0).id();
        consumed(stale);
        ladder.sweep();
        assertEquals(sent, overdueDeliveries(assignment));
        assertEquals(0, openItems(assignment));
    }

    @Test
    void aCancelledInspectionIsToldToTheUnitsOfAnAnnouncedOneOnly() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID secret = UUID.randomUUID();
        known(Units.withContacts(first, "县教育局", null, null, null, null), Units.withContacts(second, "县卫生健康局", null, null, null, null),
                Units.withContacts(secret, "县市场监管局", null, null, null, null));
        UUID announced = UUID.randomUUID();
        Instant startsAt = Instant.parse("2022-01-20T01:00:00Z");
        Publish.all(List.of(new InspectionCancelled(announced, "第一季度重点任务督查", "REGULAR", true, startsAt, List.of(first, second),
                "与市级督查时间冲突", "督查室", NEW_YEAR)), "supervision-service");
        for (UUID unit : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(unit).stream().anyMatch(i -> "INSPECTION_CANCELLED".equals(i.get("kind"))));
            Map<String, Object> told = inbox(unit).stream().filter(i -> "INSPECTION_CANCELLED".equals(i.get("kind"))).findFirst().orElseThrow();
            assertEquals("督查检查取消：第一季度重点任务督查", told.get("title"));
            assertTrue(String.valueOf(told.get("body")).contains("2022年1月20日"), String.valueOf(told.get("body")));
            assertTrue(String.valueOf(told.get("body")).contains("与市级督查时间冲突"), String.valueOf(told.get("body")));
        }

        // unannounced (暗访): its units never heard of it; the cancellation tells no one. A marker on the same inspection
        // (same key, read after it) shows the consumer got past it.
        UUID unannounced = UUID.randomUUID();
        UUID cancellation = Publish.all(List.of(new InspectionCancelled(unannounced, "食品安全暗访", "UNANNOUNCED", false, startsAt,
                List.of(secret), "线索已移交", "督查室", NEW_YEAR)), "supervision-service").get(0).id();
        consumed(cancellation);
        Publish.all(List.of(new InspectionScheduled(unannounced, "标记", "REGULAR", true, startsAt, List.of(first), List.of(), NEW_YEAR)),
                "supervision-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(first).stream().anyMatch(i -> "INSPECTION".equals(i.get("kind"))));
        assertTrue(inbox(secret).isEmpty(), inbox(secret).toString());
    }

    private long openItems(UUID assignment) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from overdue_item where assignment_id = ?1 and closed_at is null")
                .setParameter(1, assignment).getSingleResult()).longValue());
    }

    private static List<Map<String, Object>> inbox(UUID unitId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unitId + "&size=500")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }
}
