package org.duban.task.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

import org.duban.platform.problem.Problem;
import org.junit.jupiter.api.Test;

/**
 * The text readers on adversarial documents of the largest size an upload may have (5 MiB): each is answered (read,
 * or refused with a 4xx problem) within 2 s. Before the patterns were made linear, the first of these took hours.
 */
class AdversarialTextTest {

    static final int MAX = 5 * 1024 * 1024;
    static final Duration WITHIN = Duration.ofSeconds(2);

    /** {@code head}, then {@code unit} repeated until the document has {@link #MAX} bytes, then {@code tail}. */
    static String filled(String head, String unit, String tail) {
        int room = MAX - bytes(head) - bytes(tail);
        return head + unit.repeat(Math.max(room / bytes(unit), 0)) + tail;
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Answered in time: either a reading, or a 4xx problem (never a 5xx, never a hang). */
    static void answered(Supplier<?> read) {
        assertTimeoutPreemptively(WITHIN, () -> {
            try {
                read.get();
            } catch (Problem p) {
                assertTrue(p.status() >= 400 && p.status() < 500, p.status() + " " + p.getMessage());
            }
        });
    }

    /** The whole reading of an import (detection, reader, deadlines, digests), as the service runs it. */
    static void imported(String document) {
        byte[] body = document.getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length <= MAX);
        answered(() -> PlanImporter.read(body, "text/plain", null, new ImportReport()));
    }

    static final String WORK_POINTS_HEAD = "湖南省2021年政务管理服务工作要点\n一、总体要求\n";
    static final String NOTICE_HEAD = "中县政务公开办发〔2021〕8号\n关于印发《中方县2021年责任分工》的通知\n附件1\n中方县2021年责任分工\n"
            + "\t事项\n\t省重点任务\n\t牵头单位\n\t责任单位\n\t完成时限\n";

    @Test
    void aDutyBracketOfOneLongLineFullOf牵头() {
        imported(filled(WORK_POINTS_HEAD + "（一）推进政务公开（", "牵头", "）\n"));
    }

    @Test
    void manyTaskParagraphsEachWithAnUnclosedDutyBracket() {
        imported(filled(WORK_POINTS_HEAD, "（一）推进（" + "负责".repeat(1500) + "\n", ""));
    }

    @Test
    void tabbedBlankLinesBeforeNothing() {
        answered(() -> PlanImporter.detect(filled("x", "\t\n", "").getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    @Test
    void indentedBlankLinesBeforeNothing() {
        answered(() -> PlanImporter.detect(filled("x\n", " \n", "（一）").getBytes(StandardCharsets.UTF_8), "text/plain"));
    }

    @Test
    void aLeadCellOfManyShortLines() {
        imported(filled(NOTICE_HEAD + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心\n", "a\n", "\t县政府办\n\t2021年底\n"));
    }

    @Test
    void aDocumentNumberLineOfSpaces() {
        imported(filled("中县政务公开办发〔2021〕", " ", "x\n" + NOTICE_HEAD.substring(NOTICE_HEAD.indexOf('\n') + 1)
                + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心\n\t县政府办\n\t2021年底\n"));
    }

    @Test
    void manyDocumentNumberLines() {
        imported(filled("", "〔2021〕" + " ".repeat(3000) + "x\n", NOTICE_HEAD.substring(NOTICE_HEAD.indexOf('\n') + 1)
                + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心\n\t县政府办\n\t2021年底\n"));
    }

    @Test
    void aTaskTextOfDigits() {
        imported(filled(NOTICE_HEAD + "\t一、公开\n\t（一）推进", "1", "\n\t县政务服务中心\n\t县政府办\n\t2021年底\n"));
    }

    @Test
    void manyRowsOfDigits() {
        imported(filled(NOTICE_HEAD + "\t一、公开\n", "\t（一）推进" + "1".repeat(3000) + "\n\t县政务服务中心\n\t县政府办\n\t2021年底\n", ""));
    }

    @Test
    void aTitleNestedThousandsDeep() {
        imported(NOTICE_HEAD.replace("关于印发《中方县2021年责任分工》的通知", "关于印发《" + "〈".repeat(1900) + "湖南省要点" + "〉".repeat(1900) + "》的通知")
                + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心\n\t县政府办\n\t2021年底\n");
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedNamingIt() {
        Problem p = assertThrows(Problem.class, () -> PlanImporter.read(
                (WORK_POINTS_HEAD + "（一）推进" + "公".repeat(5000) + "（县政府办牵头）\n").getBytes(StandardCharsets.UTF_8), "text/plain",
                null, new ImportReport()));
        assertEquals(413, p.status());
        assertEquals("duban.importer.max-line-chars", p.body(null).get("setting"));
        assertEquals(3, p.body(null).get("line"));
    }

    @Test
    void aReadingPastItsTimeBudgetIsRefusedNamingIt() {
        ImportReport report = new ImportReport();
        report.bounds = ReadingBounds.DEFAULT.within(Duration.ZERO);
        Problem p = assertThrows(Problem.class, () -> PlanImporter.read(
                (NOTICE_HEAD + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心\n\t县政府办\n\t2021年底\n").getBytes(StandardCharsets.UTF_8),
                "text/plain", null, report));
        assertEquals(422, p.status());
        assertEquals("duban.importer.max-parse-time", p.body(null).get("setting"));
    }

    @Test
    void theSameDocumentWellFormedIsStillRead() {
        ImportReport report = new ImportReport();
        var reading = PlanImporter.read((NOTICE_HEAD + "\t一、公开\n\t（一）推进公开\n\t县政务服务中心，县审计局配合\n\t县政府办\n\t2021年底\n")
                .getBytes(StandardCharsets.UTF_8), "text/plain", null, report);
        var task = reading.plans().get(0).annexes.get(0).sections.get(0).tasks.get(0);
        assertEquals("县政务服务中心", task.leadCell());
        assertEquals("县审计局、县政府办", task.responsibleCell());
    }
}
