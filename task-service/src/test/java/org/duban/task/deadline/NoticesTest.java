package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;

/** Which notice is due when, and its id (plain JUnit). */
class NoticesTest {

    private static final Notices LEADS = Notices.of(List.of(Duration.ofDays(7), Duration.ofDays(3)));
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");
    private static final UUID A = UUID.fromString("04000000-0000-4000-8000-000000000001");
    private static final UUID B = UUID.fromString("f4000000-0000-4000-8000-000000000002");

    private static DueQuery.Due due(UUID assignment, Instant dueAt) {
        return new DueQuery.Due(assignment, UUID.randomUUID(), UUID.randomUUID(), dueAt, null);
    }

    @Test
    void theMostUrgentNoticeAtAMoment() {
        assertNull(LEADS.at(DUE, DUE.minus(Duration.ofDays(8))), "no lead time begun");
        assertEquals(new Notice(Duration.ofDays(7), DUE.minus(Duration.ofDays(7))), LEADS.at(DUE, DUE.minus(Duration.ofDays(5))));
        assertEquals(new Notice(Duration.ofDays(3), DUE.minus(Duration.ofDays(3))), LEADS.at(DUE, DUE.minus(Duration.ofDays(1))),
                "within 3 days: the 3-day reminder, not the 7-day one skipped past");
        assertEquals(new Notice(null, DUE), LEADS.at(DUE, DUE), "missed at the due instant");
        assertEquals(DUE.plus(Duration.ofDays(7)), LEADS.horizon(DUE));
        assertEquals(DUE, Notices.of(List.of()).horizon(DUE));
    }

    @Test
    void aSweepAnnouncesOnlyNoticesWhoseMomentIsInItsWindow() {
        Instant now = DUE.plusSeconds(60);
        List<Outbox.Entry> entries = LEADS.inWindow(DueKind.FINAL,
                List.of(due(A, DUE), due(B, DUE.minus(Duration.ofDays(1)))), DUE.minusSeconds(1), now);
        assertEquals(1, entries.size(), "the other was missed before the window");
        DeadlineMissed missed = (DeadlineMissed) entries.get(0).event();
        assertEquals(A, missed.assignmentId());
        List<Outbox.Entry> reminders = LEADS.inWindow(DueKind.FINAL, List.of(due(A, DUE)), DUE.minus(Duration.ofDays(4)),
                DUE.minus(Duration.ofDays(2)));
        assertEquals(1, reminders.size());
        assertEquals(A, ((DeadlineApproaching) reminders.get(0).event()).assignmentId());
        assertEquals(Notice.eventId(A, DUE, DueKind.FINAL, "APPROACHING_PT72H"), reminders.get(0).id(), "the 3-day reminder");
    }

    @Test
    void behindTheMarksEarliestFirstEachAtItsRangesMark() {
        Map<Integer, Instant> marks = Map.of(IdRanges.rangeOf(A), DUE.plusSeconds(1), IdRanges.rangeOf(B), DUE.minusSeconds(1));
        List<Outbox.Entry> entries = LEADS.behind(DueKind.FINAL,
                List.of(due(A, DUE), due(B, DUE), due(A, DUE.minus(Duration.ofDays(30)))), marks, DUE.plusSeconds(5));
        assertEquals(3, entries.size());
        assertEquals(DUE.minus(Duration.ofDays(30)), ((DeadlineMissed) entries.get(0).event()).dueAt(), "earliest first");
        // one due date: by id as Java orders UUIDs (B's f4… is negative, so first)
        assertEquals(B, ((DeadlineApproaching) entries.get(1).event()).assignmentId(), "B's mark is before the due date");
        assertEquals(A, ((DeadlineMissed) entries.get(2).event()).assignmentId());
    }

    @Test
    void theEventIdIsTheNameBasedUuidOfTheKey() {
        ByteBuffer key = ByteBuffer.allocate(28 + "FINAL/MISSED".length());
        key.putLong(A.getMostSignificantBits()).putLong(A.getLeastSignificantBits()).putLong(DUE.getEpochSecond())
                .putInt(DUE.getNano()).put("FINAL/MISSED".getBytes(StandardCharsets.UTF_8));
        assertEquals(UUID.nameUUIDFromBytes(key.array()), Notice.eventId(A, DUE, DueKind.FINAL, Notice.MISSED));
        assertEquals(Notice.eventId(A, DUE, DueKind.FINAL, "APPROACHING_PT72H"),
                LEADS.at(DUE, DUE.minus(Duration.ofDays(1))).entry(due(A, DUE), DueKind.FINAL, DUE).id());
    }
}
