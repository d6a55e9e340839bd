package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.duban.supervision.status.StatusReads.cards;
import static org.duban.supervision.status.StatusReads.light;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
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
 * Issue 18: a "5个工作日内" deadline counted with weekends only (its year unknown) was missed; the admin enters the year and
 * task-service announces DueDateChanged, then DeadlineRecovered EXTENDED of the old date. The old date's red card is
 * annulled (that date never was the deadline), not lifted as caught up; the light follows the new date; the event told twice
 * changes nothing; the new date missed as well brings its own red card.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class DueDateChangedCardsTest {

    private static final Instant OLD_DUE = Instant.parse("2027-01-06T15:59:59Z");
    private static final Instant NEW_DUE = Instant.parse("2027-01-08T15:59:59Z");
    private static final Instant MISSED_AT = Instant.parse("2027-01-07T02:00:00Z");
    private final TestClock clock = new TestClock(MISSED_AT.plus(Duration.ofHours(2)));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void theOldDatesCardIsAnnulledAndTheLightFollowsTheNewDate() {
        UUID unit = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "政务服务事项清单梳理", unit, "LEAD", OLD_DUE, Instant.parse("2026-12-30T02:00:00Z")),
                "task-service");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, OLD_DUE, MISSED_AT, DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).size() == 1);
        assertEquals("RED", light(unit).get("light"));

        Instant changedAt = MISSED_AT.plus(Duration.ofHours(1));
        DueDateChanged changed = new DueDateChanged(assignment, task, unit, DueKind.FINAL, OLD_DUE, NEW_DUE,
                "2027年工作日历已录入，按工作日重新计算期限", changedAt);
        UUID changedId = TopicProbe.publish(changed, "task-service");
        TopicProbe.publish(new DeadlineRecovered(assignment, task, unit, OLD_DUE, DueKind.FINAL, "EXTENDED", changedAt), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).get(0).get("liftedAt") != null
                && NEW_DUE.toString().equals(light(unit).get("dueAt")));
        Map<String, Object> old = cards(unit).get(0);
        assertEquals(Boolean.TRUE, old.get("annulled"), old.toString());
        assertTrue(String.valueOf(old.get("liftReason")).startsWith("时限由2027年1月6日调整为2027年1月8日"), old.toString());
        Map<String, Object> light = light(unit);
        assertEquals("OPEN", light.get("status"), light.toString());
        assertNotEquals("RED", light.get("light"));

        // told again (same id, as a relay resends): nothing changes
        TopicProbe.publish(EventType.DUE_DATE_CHANGED.topic(), task.toString(), EventType.DUE_DATE_CHANGED.type(), changedId,
                EventJson.write(changed), "task-service");
        // the new date missed as well (entered late): its own red card, the old one stays annulled
        Instant missedAgain = NEW_DUE.plusSeconds(3600);
        clock.set(missedAgain);
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, NEW_DUE, missedAgain, DueKind.FINAL, null), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> cards(unit).size() == 2);
        assertEquals("RED", light(unit).get("light"));
        assertEquals("OVERDUE", light(unit).get("status"));
        List<Map<String, Object>> open = cards(unit).stream().filter(c -> c.get("liftedAt") == null).toList();
        assertEquals(1, open.size(), cards(unit).toString());
        assertTrue(String.valueOf(open.get(0).get("reason")).contains(NEW_DUE.toString()), open.toString());
        assertNull(open.get(0).get("liftReason"));
    }
}
