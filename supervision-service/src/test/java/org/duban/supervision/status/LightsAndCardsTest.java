package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.duban.supervision.status.StatusReads.cards;
import static org.duban.supervision.status.StatusReads.light;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.duban.events.task.DeadlineApproaching;
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

/** Lights follow the clock (approaching deadline, 序时进度); a yellow card for an approaching deadline is lifted by a report. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class LightsAndCardsTest {

    private static final Instant ASSIGNED = Instant.parse("2021-11-01T00:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59.999Z");
    private final TestClock clock = new TestClock(Instant.parse("2021-11-10T00:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void lightsFollowTheClockAndAReportLiftsTheYellowCard() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "推进“一件事一次办”", unit, "LEAD", DUE, ASSIGNED), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "GREEN".equals(light(unit).get("light")));

        // 7 days ahead: task-service's first warning, no card yet; 3 days ahead with no report: a yellow card, yellow light
        TopicProbe.publish(new DeadlineApproaching(assignment, task, unit, DUE, DUE.minus(Duration.ofDays(7))), "task-service");
        clock.set(DUE.minus(Duration.ofDays(3)));
        TopicProbe.publish(new DeadlineApproaching(assignment, task, unit, DUE, DUE.minus(Duration.ofDays(3))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).size() == 1);
        assertEquals("YELLOW", cards(unit).get(0).get("color"));
        assertEquals("YELLOW", light(unit).get("light"));

        // a report at 50 % when 序时进度 is ~95 %: the yellow card is lifted, the light stays yellow (behind schedule)
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), assignment, task, unit, 50, "完成一半", clock.instant()), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).get(0).get("liftedAt") != null);
        Map<String, Object> row = light(unit);
        assertEquals("YELLOW", row.get("light"));
        assertEquals(95, ((Number) row.get("expectedPercent")).intValue());
        // on schedule: green
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), assignment, task, unit, 96, "基本完成", clock.instant()), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "GREEN".equals(light(unit).get("light")));
        assertEquals(1, cards(unit).size());
        assertNotNull(cards(unit).get(0).get("rule"));
        assertNull(cards(unit).get(0).get("acknowledgedAt"));
    }
}
