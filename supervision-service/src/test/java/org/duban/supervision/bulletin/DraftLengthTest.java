package org.duban.supervision.bulletin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.duban.supervision.Limits;
import org.duban.supervision.bulletin.BulletinFigures.FindingLine;
import org.duban.supervision.bulletin.BulletinFigures.LaggingUnit;
import org.duban.supervision.bulletin.BulletinFigures.OverdueItem;
import org.duban.supervision.bulletin.BulletinFigures.UnitRow;
import org.junit.jupiter.api.Test;

/**
 * A draft drawn from live data must stay editable: the supervisor saves it with {@code PUT /api/bulletins/{id}}, which
 * takes at most {@link Limits#BULLETIN_TEXT} characters. A county with many late units and long findings once drafted
 * more than that, and the draft could not be saved.
 */
class DraftLengthTest {

    static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");

    static BulletinFigures figures(int units, int lateEach, int findings, int findingChars) {
        List<UnitRow> rows = new ArrayList<>();
        List<LaggingUnit> lagging = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            UUID unit = UUID.randomUUID();
            String name = "县第" + u + "号单位";
            rows.add(new UnitRow(u + 1, unit, name, lateEach, lateEach, 0, 0, lateEach, 0.0, 0.0));
            lagging.add(new LaggingUnit(unit, name, IntStream.range(0, lateEach).mapToObj(i -> new OverdueItem(UUID.randomUUID(),
                    "（" + i + "）", "推进政务公开标准化规范化建设，全面梳理公开事项清单并动态更新" + i, DUE, "附件1")).toList()));
        }
        List<FindingLine> found = IntStream.range(0, findings).mapToObj(i -> new FindingLine(UUID.randomUUID(), "第四季度专项督查",
                UUID.randomUUID(), "县第" + i + "号单位", "问".repeat(findingChars), DUE)).toList();
        return new BulletinFigures(LocalDate.of(2021, 10, 1), LocalDate.of(2021, 12, 31), null, "中方县政务公开工作要点", DUE,
                49, units * lateEach, units * lateEach, 0, 0, units * lateEach, 0.0, 0.0, rows, lagging, 3, 1, List.of(), found, 10L);
    }

    @Test
    void aDraftOfManyLateUnitsAndLongFindingsStaysWithinWhatAnEditTakes() {
        String text = BulletinDrafter.text(figures(120, 40, 60, Limits.TEXT));
        assertTrue(text.length() <= Limits.BULLETIN_TEXT, "draft of " + text.length() + " characters");
        assertTrue(text.contains("等 40 件（详见附表“滞后事项”）"), "a long list names ten and counts the rest");
    }

    @Test
    void aSmallDraftIsWhole() {
        String text = BulletinDrafter.text(figures(3, 2, 1, 30));
        assertTrue(text.contains("五、督查发现问题\n县第0号单位（第四季度专项督查）：" + "问".repeat(30) + "\n"), text);
        assertTrue(!text.contains("以下从略") && !text.contains("详见附表"), text);
    }

    @Test
    void theLastGuardCutsAtALineEnd() {
        StringBuilder t = new StringBuilder();
        while (t.length() < Limits.BULLETIN_TEXT + 500) {
            t.append("一行通报正文，").append(t.length()).append("\n");
        }
        String fitted = BulletinDrafter.fitted(t);
        assertTrue(fitted.length() <= Limits.BULLETIN_TEXT, "fitted to " + fitted.length());
        assertTrue(fitted.endsWith("\n" + BulletinDrafter.CUT_NOTE), fitted.substring(fitted.length() - 60));
        assertEquals(t.substring(0, fitted.length() - BulletinDrafter.CUT_NOTE.length()), fitted.substring(0,
                fitted.length() - BulletinDrafter.CUT_NOTE.length()));
    }
}
