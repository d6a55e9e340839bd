package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.duban.supervision.status.StatusReads.board;
import static org.duban.supervision.status.StatusReads.cards;
import static org.duban.supervision.status.StatusReads.openCards;
import static org.duban.supervision.status.StatusReads.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 22, 撤销交办: the withdrawn assignment's open rule cards are annulled (they count nowhere), its misses end, it
 * leaves the board, and a miss from a sweep's older snapshot announced after the withdrawal cards nobody. Events as
 * task-service sends them: AssignmentWithdrawn, then the DeadlineRecovered how WITHDRAWN of its announced miss.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class WithdrawnWorkTest {

    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final Instant ASSIGNED = Instant.parse("2021-07-01T02:00:00Z");
    private static final Instant NOW = Instant.parse("2022-01-10T02:00:00Z");
    private final TestClock clock = new TestClock(NOW);

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aWithdrawnAssignmentsCardsAreAnnulledAndItLeavesTheBoard() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID withdrawn = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID keptTask = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(withdrawn, task, "乡镇公章管理规范", unit, "LEAD", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new TaskAssigned(kept, keptTask, "农村饮水安全", unit, "LEAD", DUE, ASSIGNED), "task-service");
        TopicProbe.publish(new DeadlineMissed(withdrawn, task, unit, DUE, DUE.plusSeconds(60), DueKind.FINAL, null), "task-service");
        TopicProbe.publish(new DeadlineMissed(kept, keptTask, unit, DUE, DUE.plusSeconds(60), DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(unit).size() == 2);
        assertEquals(2, board(unit).size());

        Instant at = NOW.minusSeconds(600);
        TopicProbe.publish(new AssignmentWithdrawn(withdrawn, task, "乡镇公章管理规范", unit, "LEAD", "ACCEPTED", "交办有误，不属县级事权",
                "supervisor (supervisor)", at), "task-service");
        TopicProbe.publish(new DeadlineRecovered(withdrawn, task, unit, DUE, DueKind.FINAL, "WITHDRAWN", at), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> openCards(unit).size() == 1);
        Map<String, Object> annulled = cards(unit).stream().filter(c -> withdrawn.toString().equals(c.get("assignmentId"))).findFirst()
                .orElseThrow();
        assertEquals(true, annulled.get("annulled"), "a card for withdrawn work counts nowhere");
        assertTrue(String.valueOf(annulled.get("liftReason")).contains("撤销交办"), String.valueOf(annulled.get("liftReason")));
        assertTrue(String.valueOf(annulled.get("liftReason")).contains("交办有误"), String.valueOf(annulled.get("liftReason")));
        assertEquals(kept.toString(), openCards(unit).get(0).get("assignmentId"), "the unit's other card stands");
        assertEquals("WITHDRAWN", statusOf(task, unit));
        List<String> onBoard = board(unit).stream().map(r -> (String) r.get("assignmentId")).toList();
        assertEquals(List.of(kept.toString()), onBoard, "the withdrawn assignment left the board");

        // a sweep that read the open work before the withdrawal announces a miss after it: no miss, no card
        Instant milestone = Instant.parse("2021-11-30T15:59:59Z");
        TopicProbe.publish(new DeadlineMissed(withdrawn, task, unit, milestone, at.plusSeconds(1), DueKind.MILESTONE, "完成制度修订"),
                "task-service");
        // a marker on the same task (same key, same partition, read after the stale miss): another unit's assignment
        UUID other = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(UUID.randomUUID(), task, "乡镇公章管理规范", other, "CO_RESPONSIBLE", DUE, at), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(task, other) != null);
        assertEquals("WITHDRAWN", statusOf(task, unit));
        assertEquals(1, cards(unit).stream().filter(c -> withdrawn.toString().equals(c.get("assignmentId"))).count(), cards(unit).toString());
        assertTrue(openCards(unit).stream().noneMatch(c -> withdrawn.toString().equals(c.get("assignmentId"))), openCards(unit).toString());
    }
}
