package org.duban.supervision.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.duban.supervision.status.StatusReads.cards;
import static org.duban.supervision.status.StatusReads.openCards;
import static org.duban.supervision.status.StatusReads.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DueKind;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issues 18 and 22: cards follow the assignment's real history. A returned (退回) or withdrawn assignment's cards leave
 * the unit that no longer holds the work (annulled: they count nowhere), a moved one's follow it to the receiving unit,
 * a unit given work late is not carded before it could have signed (grace), and a merged unit's cards and scores
 * follow the survivor.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class CardsFollowTheWorkTest {

    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final Instant ASSIGNED = Instant.parse("2021-07-01T02:00:00Z");
    private static final Instant NOW = Instant.parse("2022-01-10T02:00:00Z");
    private final TestClock clock = new TestClock(NOW);

    @Inject
    DeferredCards deferred;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aReturnedAssignmentsRedCardLeavesTheUnitThatReturnedIt() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "农村人居环境整治", unit, "LEAD", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, DUE, DUE.plusSeconds(60), DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(unit).size() == 1);

        // 退回: the work goes back to the office to be reassigned; the card does not stay on this unit
        TopicProbe.publish(new AssignmentReturned(assignment, task, unit, "不属于本单位职责", NOW), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(unit).isEmpty());
        Map<String, Object> card = cards(unit).get(0);
        assertEquals(true, card.get("annulled"), "a card for work the unit no longer holds counts nowhere");
        assertTrue(String.valueOf(card.get("liftReason")).contains("退回"), String.valueOf(card.get("liftReason")));
    }

    @Test
    void workReassignedAfterItsDueDateIsNotCardedBeforeTheUnitCouldSignForIt() {
        UUID returning = UUID.randomUUID();
        UUID receiving = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(first, task, "城区停车位建设", returning, "LEAD", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new AssignmentReturned(first, task, returning, "非本单位职责", NOW.minusSeconds(3600)), "task-service");
        // 改派 keeps the old due date, already passed: task-service announces the miss in the same second
        TopicProbe.publish(new TaskAssigned(second, task, "城区停车位建设", receiving, "LEAD", DUE, NOW), "task-service");
        TopicProbe.publish(new DeadlineMissed(second, task, receiving, DUE, NOW.plusSeconds(1), DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "OVERDUE".equals(statusOf(task, receiving)));
        assertEquals(List.of(), cards(receiving), "no card before the unit could have signed");

        clock.set(NOW.plus(Duration.ofDays(1)));
        deferred.sweep();
        assertEquals(List.of(), cards(receiving), "still within the grace period");

        // the grace period over and the work still missed: one red card, dated when the grace ended, however often swept
        clock.set(NOW.plus(Duration.ofDays(3)).plusSeconds(1));
        deferred.sweep();
        deferred.sweep();
        List<Map<String, Object>> cards = cards(receiving);
        assertEquals(1, cards.size());
        assertEquals("RED", cards.get(0).get("color"));
        assertEquals(NOW.plus(Duration.ofDays(3)), Instant.parse((String) cards.get(0).get("issuedAt")));
    }

    @Test
    void workDoneWithinTheGracePeriodIsNeverCarded() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "老旧小区改造", unit, "LEAD", DUE, NOW), "task-service");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, DUE, NOW.plusSeconds(1), DueKind.FINAL, null), "task-service");
        TopicProbe.publish(new TaskCompleted(assignment, task, unit, DUE, false, true, NOW.plus(Duration.ofDays(2))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(statusOf(task, unit)));
        clock.set(NOW.plus(Duration.ofDays(4)));
        deferred.sweep();
        assertEquals(List.of(), cards(unit));
    }

    @Test
    void aMovedAssignmentsCardFollowsItAndAWithdrawnOnesIsLifted() {
        UUID merged = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        UUID movedTask = UUID.randomUUID();
        UUID heldTask = UUID.randomUUID();
        UUID moved = UUID.randomUUID();
        UUID withdrawn = UUID.randomUUID();
        UUID held = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(moved, movedTask, "招商引资", merged, "LEAD", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new TaskAssigned(withdrawn, heldTask, "外贸稳增长", merged, "CO_RESPONSIBLE", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new TaskAssigned(held, heldTask, "外贸稳增长", survivor, "CO_RESPONSIBLE", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new DeadlineMissed(moved, movedTask, merged, DUE, DUE.plusSeconds(60), DueKind.FINAL, null), "task-service");
        TopicProbe.publish(new DeadlineMissed(withdrawn, heldTask, merged, DUE, DUE.plusSeconds(60), DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(merged).size() == 2);

        Instant at = NOW.minusSeconds(600);
        TopicProbe.publish(new AssignmentTransferred(moved, movedTask, "招商引资", merged, survivor, moved, "LEAD", DUE,
                "县经济局并入县商务局", at), "task-service");
        TopicProbe.publish(new AssignmentTransferred(withdrawn, heldTask, "外贸稳增长", merged, survivor, held, "CO_RESPONSIBLE", DUE,
                "县经济局并入县商务局", at), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(survivor).size() == 1);
        Map<String, Object> followed = openCards(survivor).get(0);
        assertEquals(moved.toString(), followed.get("assignmentId"));
        assertEquals(survivor.toString(), followed.get("unitId"));
        assertEquals(merged.toString(), followed.get("cardedUnitId"));
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(merged).isEmpty());
        Map<String, Object> lifted = cards(merged).stream().filter(c -> withdrawn.toString().equals(c.get("assignmentId"))).findFirst()
                .orElseThrow();
        assertNotNull(lifted.get("liftedAt"));
        assertEquals(true, lifted.get("annulled"));
    }

    @Test
    void aMergedUnitsCardsAndScoresFollowTheSurvivor() {
        UUID merged = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(merged, 1, "县粮食局"), "unit-service");
        TopicProbe.publish(UnitSnapshots.active(survivor, 1, "县发展和改革局"), "unit-service");
        Instant due = Instant.parse("2022-01-05T15:59:59Z");
        TopicProbe.publish(new TaskAssigned(assignment, task, "粮食储备库建设", merged, "LEAD", due, ASSIGNED), "task-service");
        TopicProbe.publish(new TaskCompleted(assignment, task, merged, due, true, true, Instant.parse("2022-01-04T02:00:00Z")),
                "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(statusOf(task, merged)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", merged.toString(), "color", "RED", "reason", "储备粮轮换台账不实")).post("/api/warnings").then()
                .statusCode(201));

        // 机构合并: the merged unit's record now belongs to the survivor
        TopicProbe.publish(UnitSnapshots.merged(merged, 2, "县粮食局", survivor), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(survivor).size() == 1);
        String period = "periodStart=2022-01-01&periodEnd=2022-03-31";
        Map<String, Object> score = given().auth().oauth2(Tokens.officerOf(survivor)).get("/api/scores/units/" + survivor + "?" + period)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        List<Map<String, Object>> items = (List<Map<String, Object>>) score.get("items");
        assertTrue(items.stream().anyMatch(i -> "red-cards".equals(i.get("rule")) && ((Number) i.get("quantity")).intValue() == 1), items
                .toString());
        assertTrue(items.stream().anyMatch(i -> "on-time-rate".equals(i.get("rule")) && String.valueOf(i.get("basis")).contains("1/1")),
                items.toString());
        List<String> scored = given().auth().oauth2(Tokens.supervisor()).get("/api/scores?" + period).then().statusCode(200).extract()
                .path("unitId");
        assertTrue(!scored.contains(merged.toString()), "the merged unit is scored under the survivor");
        // the survivor's officer signs for the card it inherited
        String card = (String) cards(survivor).get(0).get("warningId");
        given().auth().oauth2(Tokens.officerOf(survivor)).post("/api/warnings/" + card + "/acknowledge").then().statusCode(200);
    }
}
