package org.duban.notification.escalation;

import static org.awaitility.Awaitility.await;
import static org.duban.notification.support.NoticeChecks.consumed;
import static org.duban.notification.support.NoticeChecks.inboxTitles;
import static org.duban.notification.support.NoticeChecks.known;
import static org.duban.notification.support.NoticeChecks.overdueDeliveries;
import static org.duban.notification.support.NoticeChecks.overdueMails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.events.unit.UnitMerged;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 18: the ladder (催办) runs per missed due date. A milestone missed in September and the final deadline missed
 * on 31 December are chased side by side; a January report that meets the milestone ends only the milestone's ladder,
 * the final's goes on and the unit is not told 逾期已解除. The ladder stops on transfer (and starts again for the
 * receiving unit), completion, 退回 and withdrawal; a miss arriving after the work left opens nothing.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class PerDueDateLadderTest {

    private static final Instant MILESTONE_DUE = Instant.parse("2021-09-15T15:59:59Z"); // 15 September, end of day in the county
    private static final Instant FINAL_DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final Instant SEPTEMBER = Instant.parse("2021-09-16T02:00:00Z");
    private static final Instant NEW_YEAR = Instant.parse("2022-01-01T02:00:00Z");

    private final TestClock clock = new TestClock(SEPTEMBER);

    @Inject
    OverdueLadder ladder;

    @Inject
    EntityManager em;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aMetMilestoneEndsOnlyItsOwnLadderAndTheWorkMovesWithItsMisses() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@due.test";
        String head = "head-" + run + "@due.test";
        String newDuty = "new-duty-" + run + "@due.test";
        String newHead = "new-head-" + run + "@due.test";
        UUID unit = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        known(Units.withContacts(unit, "县农业农村局", duty, head, null, null),
                Units.withContacts(survivor, "县农业农村和水利局", newDuty, newHead, null, null));

        String title = "高标准农田建设-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", FINAL_DUE, Instant.parse("2021-03-01T02:00:00Z")),
                new DeadlineMissed(assignment, task, unit, MILESTONE_DUE, SEPTEMBER, DueKind.MILESTONE, "完成选址")), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title, "2021年9月15日").size() == 1);

        // 31 December missed too: both due dates are chased, each on its own ladder
        clock.set(NEW_YEAR);
        Publish.all(List.of(new DeadlineMissed(assignment, task, unit, FINAL_DUE, NEW_YEAR, DueKind.FINAL, null)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title, "2021年12月31日").size() == 1
                && overdueMails(duty, title, "2021年9月15日").size() == 2); // the milestone's 催办 reached on New Year's day
        assertTrue(MailServer.subject(overdueMails(duty, title, "2021年12月31日").get(0)).startsWith("【逾期提醒】"));

        // a January report meets the milestone (what task-service's Recoveries announces): its ladder ends, the final's goes on
        UUID recovery = Publish.all(List.of(new DeadlineRecovered(assignment, task, unit, MILESTONE_DUE, DueKind.MILESTONE, "REPORTED",
                NEW_YEAR.plus(Duration.ofHours(3)))), "task-service").get(0).id();
        consumed(recovery);
        clock.set(NEW_YEAR.plus(Duration.ofDays(4))); // the final's day 3; the milestone's would be due another 催办
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(head, title, "2021年12月31日").size() == 1
                && overdueMails(duty, title, "2021年12月31日").size() == 2);
        assertTrue(MailServer.subject(overdueMails(head, title, "2021年12月31日").get(0)).contains("逾期第3天催办"));
        ladder.sweep();
        assertEquals(2, overdueMails(duty, title, "2021年9月15日").size(), "no 催办 for the milestone met");
        assertEquals(1, overdueMails(head, title, "2021年9月15日").size(), "the head had the milestone's one 催办 before it was met");
        assertFalse(inboxTitles(unit).stream().anyMatch(t -> t.startsWith("逾期已解除")), "still chased for the final deadline");

        // the unit is merged: the final's ladder stops for it and starts again, at day 0, for the survivor
        Instant merged = clock.instant();
        Publish.all(List.of(new AssignmentTransferred(assignment, task, title, unit, survivor, assignment, "LEAD", FINAL_DUE,
                "县农业农村局并入县农业农村和水利局", merged)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(newDuty, title, "2021年12月31日").size() == 1);
        assertTrue(MailServer.subject(overdueMails(newDuty, title, "2021年12月31日").get(0)).startsWith("【逾期提醒】"));
        clock.set(merged.plus(Duration.ofDays(3)).plusSeconds(60)); // the old unit's day 7 would be due now
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(newHead, title, "2021年12月31日").size() == 1);
        ladder.sweep();
        assertEquals(2, overdueMails(duty, title, "2021年12月31日").size(), "the old unit is chased no more");
        assertEquals(1, overdueMails(head, title, "2021年12月31日").size());

        // completion (办结销号): the last ladder stops; the unit was chased for the final deadline and met it
        long sentBefore = overdueDeliveries(assignment);
        UUID completed = Publish.all(List.of(new TaskCompleted(assignment, task, survivor, FINAL_DUE, false, true, clock.instant()),
                new DeadlineRecovered(assignment, task, survivor, FINAL_DUE, DueKind.FINAL, "COMPLETED", clock.instant())), "task-service")
                .get(1).id();
        consumed(completed);
        clock.set(merged.plus(Duration.ofDays(20)));
        ladder.sweep();
        assertEquals(sentBefore, overdueDeliveries(assignment), "no 催办 after completion");
        assertTrue(inboxTitles(survivor).stream().anyMatch(t -> t.startsWith("逾期已解除")), "the survivor is told once it met the date");
        assertFalse(inboxTitles(unit).stream().anyMatch(t -> t.startsWith("逾期已解除")));
    }

    @Test
    void theLadderStopsOnReturnAndWithdrawalAndALateMissOpensNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@stop.test";
        UUID unit = UUID.randomUUID();
        known(Units.withContacts(unit, "县水务局", duty, "head-" + run + "@stop.test", null, null));
        UUID task = UUID.randomUUID();
        UUID returned = UUID.randomUUID();
        UUID withdrawn = UUID.randomUUID();
        UUID survivorsOwn = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(returned, task, "河湖长制-" + run, unit, "LEAD", FINAL_DUE, SEPTEMBER.minus(Duration.ofDays(90))),
                new TaskAssigned(withdrawn, task, "河湖长制-" + run, unit, "CO_RESPONSIBLE", FINAL_DUE, SEPTEMBER.minus(Duration.ofDays(90))),
                new DeadlineMissed(returned, task, unit, MILESTONE_DUE, SEPTEMBER, DueKind.MILESTONE, "完成方案"),
                new DeadlineMissed(withdrawn, task, unit, MILESTONE_DUE, SEPTEMBER, DueKind.MILESTONE, "完成方案")), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, "河湖长制-" + run, "2021年9月15日").size() == 2);

        Publish.all(List.of(new AssignmentReturned(returned, task, unit, "不属于本单位职责", SEPTEMBER.plusSeconds(60)),
                new AssignmentTransferred(withdrawn, task, "河湖长制-" + run, unit, UUID.randomUUID(), survivorsOwn, "CO_RESPONSIBLE",
                        FINAL_DUE, "县水务局并入县水利局", SEPTEMBER.plusSeconds(60))), "task-service");
        // a sweep that read an older snapshot announces a miss after the work left
        UUID late = Publish.all(List.of(new DeadlineMissed(returned, task, unit, FINAL_DUE, NEW_YEAR, DueKind.FINAL, null)),
                "task-service").get(0).id();
        consumed(late);
        long before = overdueDeliveries(returned) + overdueDeliveries(withdrawn);
        clock.set(NEW_YEAR.plus(Duration.ofDays(8)));
        ladder.sweep();
        assertEquals(before, overdueDeliveries(returned) + overdueDeliveries(withdrawn), "no 催办 after 退回 or withdrawal");
        assertEquals(2, overdueMails(duty, "河湖长制-" + run, "").size());
    }

    /**
     * Issue 18: a merge moves the merged unit's work in notification-service on UnitMerged itself, not only when
     * task-service's AssignmentTransferred comes (it may come late, or never if task-service lost the merge): the open
     * item restarts at day 0 for the survivor, a notice still waiting for the digest goes to the survivor's duty
     * contact instead, and a transfer arriving afterwards restarts nothing.
     */
    @Test
    void aMergedUnitsOpenItemsAndUnsentNoticesFollowTheSurvivorWithoutWaitingForATransfer() {
        clock.set(SEPTEMBER);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@merge.test";
        String newDuty = "new-duty-" + run + "@merge.test";
        String newHead = "new-head-" + run + "@merge.test";
        UUID unit = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        known(Units.withContacts(unit, "县经济局", duty, "head-" + run + "@merge.test", null, null),
                Units.withContacts(survivor, "县商科工信局", newDuty, newHead, null, null));
        String title = "招商引资-" + run;
        UUID assignment = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assigned = Publish.all(List.of(new TaskAssigned(assignment, task, title, unit, "LEAD", FINAL_DUE, SEPTEMBER.minus(Duration.ofDays(1))),
                new DeadlineMissed(assignment, task, unit, MILESTONE_DUE, SEPTEMBER, DueKind.MILESTONE, "完成签约")), "task-service").get(0).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(duty, title, "2021年9月15日").size() == 1);
        assertEquals(1, deliveries(assigned, duty, "WAITING_DIGEST"), "the assignment notice waits for the merged unit's digest");

        Instant mergedAt = SEPTEMBER.plus(Duration.ofHours(2));
        clock.set(mergedAt);
        UUID merge = Publish.all(List.of(new UnitMerged(unit, "县经济局", survivor, "县商科工信局", mergedAt)), "unit-service").get(0).id();
        consumed(merge);
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(newDuty, title, "2021年9月15日").size() == 1);
        assertEquals(1, deliveries(assigned, newDuty, "WAITING_DIGEST"), "the waiting notice now waits for the survivor's digest");
        assertEquals(1, deliveries(assigned, duty, "CANCELLED"));

        // task-service's transfer of the assignment comes afterwards: already handed over, no second day 0
        UUID transfer = Publish.all(List.of(new AssignmentTransferred(assignment, task, title, unit, survivor, assignment, "LEAD", FINAL_DUE,
                "县经济局并入县商科工信局", mergedAt.plusSeconds(30))), "task-service").get(0).id();
        consumed(transfer);
        ladder.sweep();
        assertEquals(1, overdueMails(newDuty, title, "2021年9月15日").size());
        // day 3 after the merge: the survivor's head is chased, the merged unit no more
        clock.set(mergedAt.plus(Duration.ofDays(3)).plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> overdueMails(newHead, title, "2021年9月15日").size() == 1);
        ladder.sweep();
        assertEquals(1, overdueMails(duty, title, "2021年9月15日").size(), "the merged unit is chased no more");
    }

    private long deliveries(UUID eventId, String recipient, String status) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("select count(*) from delivery where event_id = ?1 and recipient = ?2 and status = ?3")
                .setParameter(1, eventId).setParameter(2, recipient).setParameter(3, status).getSingleResult()).longValue());
    }
}
