package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.duban.supervision.status.StatusReads.cards;
import static org.duban.supervision.status.StatusReads.light;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ProgressReported;
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
 * Issue 18: a miss and its red card per due date, not per assignment. A milestone missed in September and the final
 * deadline missed on 31 December; a January report meets the milestone: only the milestone's card is lifted, the
 * assignment stays red for the final deadline until that one is recovered; a miss told twice counts once.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class PerDueDateCardsTest {

    private static final Instant MILESTONE_DUE = Instant.parse("2021-09-15T15:59:59Z");
    private static final Instant FINAL_DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final Instant JANUARY = Instant.parse("2022-01-10T02:00:00Z");
    private final TestClock clock = new TestClock(JANUARY);

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aRecoveryLiftsOnlyTheCardOfItsOwnDueDate() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "高标准农田建设", unit, "LEAD", FINAL_DUE, Instant.parse("2021-03-01T02:00:00Z")),
                "task-service");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, MILESTONE_DUE, Instant.parse("2021-09-16T02:00:00Z"), DueKind.MILESTONE,
                "完成选址"), "task-service");
        Instant newYear = Instant.parse("2022-01-01T02:00:00Z");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, FINAL_DUE, newYear, DueKind.FINAL, null), "task-service");
        // the same miss told again (another sweep's event): it is one missed due date, not two
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, FINAL_DUE, newYear.plusSeconds(60), DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).size() == 2);

        // a January report meets the milestone: its card is lifted, the final deadline's stands, the light stays red
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), assignment, task, unit, 60, "完成选址", JANUARY), "task-service");
        TopicProbe.publish(new DeadlineRecovered(assignment, task, unit, MILESTONE_DUE, DueKind.MILESTONE, "REPORTED", JANUARY), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> card(unit, "完成选址").get("liftedAt") != null);
        assertNull(card(unit, "办结时限").get("liftedAt"), "the final deadline is still missed");
        assertEquals("RED", light(unit).get("light"));
        assertEquals("OVERDUE", light(unit).get("status"));

        // the final deadline extended (what task-service announces for it): its card is lifted, red gives way to yellow
        Instant decided = JANUARY.plus(Duration.ofDays(1));
        TopicProbe.publish(new ExtensionDecided(UUID.randomUUID(), assignment, task, unit, true, Instant.parse("2022-03-31T15:59:59Z"),
                "同意", decided), "task-service");
        TopicProbe.publish(new DeadlineRecovered(assignment, task, unit, FINAL_DUE, DueKind.FINAL, "EXTENDED", decided), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> card(unit, "办结时限").get("liftedAt") != null);
        assertEquals("YELLOW", light(unit).get("light"));
        assertEquals("REPORTED", light(unit).get("status"));
    }

    private static Map<String, Object> card(UUID unit, String reasonContains) {
        return cards(unit).stream().filter(c -> String.valueOf(c.get("reason")).contains(reasonContains)).findFirst().orElseThrow();
    }
}
