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

    @Test
    void recurringPhrasesAreOngoingWithTheirCadence() {
        for (var c : java.util.Map.of("每季度末", "P3M", "每月25日前", "P1M", "每半年报送一次", "P6M", "每年12月底前", "P1Y", "按季度报送", "P3M",
                "每月", "P1M").entrySet()) {
            var r = DeadlinePhrase.read(c.getKey(), LocalDate.of(2022, 3, 15));
            assertEquals(Task.DeadlineKind.ONGOING, r.kind(), c.getKey());
            assertNull(r.unread(), c.getKey() + " is read");
            assertEquals(java.time.Period.parse(c.getValue()), r.cadence(), c.getKey());
            assertNull(r.dueAt(), c.getKey());
        }
        var withEnd = DeadlinePhrase.read("每月报送进展，2021年12月底前完成", null);
        assertEquals(Task.DeadlineKind.DATE, withEnd.kind());
        assertEquals(END_OF_2021, withEnd.dueAt());
        assertEquals(java.time.Period.ofMonths(1), withEnd.cadence());
    }

    @Test
    void windowsQuartersYearlessDatesAndRemarksAreRead() {
        var window = DeadlinePhrase.read("2022年6月至9月", null);
        assertEquals(Task.DeadlineKind.DATE, window.kind());
        assertEquals(Instant.parse("2022-09-30T15:59:59Z"), window.dueAt());
        assertTrue(window.note().contains("2022-06-01"), window.note());
        assertEquals(Instant.parse("2022-09-30T15:59:59Z"), DeadlinePhrase.read("2022年6月-2022年9月底", null).dueAt());
        assertEquals(Instant.parse("2021-09-30T15:59:59Z"), DeadlinePhrase.read("2021年第三季度", null).dueAt());
        assertEquals(Instant.parse("2021-09-30T15:59:59Z"), DeadlinePhrase.read("9月底前", LocalDate.of(2021, 7, 20)).dueAt());
        assertEquals(Instant.parse("2022-03-31T15:59:59Z"), DeadlinePhrase.read("3月底前", LocalDate.of(2021, 7, 20)).dueAt(),
                "a month already past in the issue year is next year's");
        assertEquals(END_OF_2021, DeadlinePhrase.read("年底前", LocalDate.of(2021, 7, 20)).dueAt());
        assertEquals(END_OF_2021, DeadlinePhrase.read("２０２１年１２月底", null).dueAt(), "full-width digits");
        var remark = DeadlinePhrase.read("2022年9月30日前完成，逾期未完成的予以通报", null);
        assertEquals(Task.DeadlineKind.DATE, remark.kind());
        assertEquals(Instant.parse("2022-09-30T15:59:59Z"), remark.dueAt());
        assertNull(DeadlinePhrase.read("9月底前", null).dueAt(), "no year and no issue date: not guessed");
        assertTrue(DeadlinePhrase.read("9月底前", null).unread() != null);
        assertThrows(DeadlinePhrase.Invalid.class, () -> DeadlinePhrase.read("2022年9月至6月", null));
    }

    /**
     * A long adversarial phrase (issue 23): a date, then 100,000 digits that never reach a unit (项, 个, …). The quantity
     * pattern used to try every start in the run of digits and every length of it at each (quadratic: well over 2 s);
     * read linearly it takes milliseconds. Measured once, with a generous bound for a loaded build machine.
     */
    @Test
    void aLongAdversarialPhraseIsReadInLinearTime() {
        String digits = "1".repeat(100_000);
        long started = System.nanoTime();
        var reading = DeadlinePhrase.read("2021年底" + digits, null);
        var inText = DeadlinePhrase.datedPhrasesIn("2021年底前完成" + digits);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, "read in " + millis + " ms");
        assertEquals(Task.DeadlineKind.MILESTONES, reading.kind());
        assertNull(reading.milestones().get(0).quantity(), "digits without a unit are no quantity");
        assertEquals(1, inText.size());
        assertNull(inText.get(0).quantity());
        // the same digits ending in a unit are still its quantity, and a decimal still reads
        assertEquals(new BigDecimal("12.5"), DeadlinePhrase.read("2021年底完成12.5项", null).milestones().get(0).quantity());
        assertEquals(new BigDecimal("2.3"), DeadlinePhrase.read("2021年底完成1.2.3项", null).milestones().get(0).quantity());
        assertEquals(new BigDecimal(digits), DeadlinePhrase.read("2021年底" + digits + "项", null).milestones().get(0).quantity());
    }
}
