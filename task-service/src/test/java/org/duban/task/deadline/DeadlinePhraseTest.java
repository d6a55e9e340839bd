package org.duban.task.deadline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.duban.task.plan.Task;
import org.junit.jupiter.api.Test;

class DeadlinePhraseTest {

    private static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59Z");

    @Test
    void endOfYearIsTheLastDayEndOfDayInShanghai() {
        var r = DeadlinePhrase.read("2021年底", null);
        assertEquals(Task.DeadlineKind.DATE, r.kind());
        assertEquals(END_OF_2021, r.dueAt());
        assertEquals(Instant.parse("2021-10-31T15:59:59Z"), DeadlinePhrase.read("2021年10月底前", null).dueAt());
        assertEquals(Instant.parse("2021-08-15T15:59:59Z"), DeadlinePhrase.read("2021年8月15日", null).dueAt());
    }

    @Test
    void ongoingHasNoDate() {
        var r = DeadlinePhrase.read("持续推进", null);
        assertEquals(Task.DeadlineKind.ONGOING, r.kind());
        assertNull(r.dueAt());
        assertNull(r.unread());
    }

    @Test
    void aCompoundDeadlineIsMilestonesWithQuantities() {
        var r = DeadlinePhrase.read("2021年底实现130项高频事项“跨省通办”；2021年以后实现8项高频事项“跨省通办”", null);
        assertEquals(Task.DeadlineKind.MILESTONES, r.kind());
        assertEquals(2, r.milestones().size());
        assertEquals(new BigDecimal("130"), r.milestones().get(0).quantity());
        assertEquals("项", r.milestones().get(0).unit());
        assertEquals(END_OF_2021, r.milestones().get(0).dueAt());
        assertEquals(new BigDecimal("8"), r.milestones().get(1).quantity());
        assertNull(r.milestones().get(1).dueAt(), "2021年以后 gives no date");
        assertEquals(END_OF_2021, r.dueAt(), "the latest dated target");
    }

    @Test
    void workingDaysCountFromTheAnchorWithTheHolidayCalendar() {
        var r = DeadlinePhrase.read("5个工作日", LocalDate.of(2021, 9, 30));
        assertEquals(Task.DeadlineKind.DATE, r.kind());
        assertEquals(Instant.parse("2021-10-12T15:59:59Z"), r.dueAt());
    }

    @Test
    void anImpossibleMonthIsRejectedAndAnUnknownPhraseIsReportedNotGuessed() {
        var e = assertThrows(DeadlinePhrase.Invalid.class, () -> DeadlinePhrase.read("2021年13月", null));
        assertTrue(e.getMessage().contains("13"), e.getMessage());
        assertThrows(DeadlinePhrase.Invalid.class, () -> DeadlinePhrase.read("2021年2月30日", null));
        var r = DeadlinePhrase.read("尽快", null);
        assertEquals("尽快", r.unread());
        assertNull(r.dueAt());
    }

    @Test
    void datedPhrasesInATasksTextAreFound() {
        var found = DeadlinePhrase.datedPhrasesIn("各乡镇要在2021年10月底前完成26个领域基层政务公开标准目录编制，2021年12月底前完成所有村（社区）目录");
        assertEquals(2, found.size());
        assertEquals(Instant.parse("2021-10-31T15:59:59Z"), found.get(0).dueAt());
        assertTrue(found.get(0).label().startsWith("2021年10月底前完成26个领域"), found.get(0).label());
        assertEquals(END_OF_2021, found.get(1).dueAt());
    }
}
