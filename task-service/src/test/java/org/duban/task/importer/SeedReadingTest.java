package org.duban.task.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.duban.testing.SeedDocuments;
import org.junit.jupiter.api.Test;

/** The readers alone, on the seed documents as they are (no server): counts and every repair reported. */
class SeedReadingTest {

    @Test
    void theCountyNoticeReadsAsTwoAnnexesOf32And17Tasks() {
        ImportReport report = new ImportReport();
        Parsed.PlanDraft plan = NoticeText.read(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE), report);
        assertEquals("中县政务公开办发〔2021〕8号", plan.documentNumber);
        assertEquals("中方县政务公开政务服务工作领导小组办公室", plan.issuer);
        assertEquals("2021-07-23", String.valueOf(plan.issuedOn));
        assertTrue(plan.title.startsWith("关于认真落实") && plan.title.endsWith("责任分工的通知"), plan.title);
        assertEquals(2, plan.annexes.size());
        List<Integer> counts = plan.annexes.stream().map(a -> a.sections.stream().mapToInt(s -> s.tasks.size()).sum()).toList();
        assertEquals(List.of(32, 17), counts);
        assertEquals(9, plan.annexes.get(0).sections.size());
        assertEquals(5, plan.annexes.get(1).sections.size());
        assertEquals("湖南省2021年政务管理服务工作要点", plan.annexes.get(0).upstreamTitle);
        assertTrue(report.normalisations.stream().anyMatch(e -> e.what().equals("(十-) read as (十一)")), report.normalisations.toString());
        assertTrue(report.skipped.stream().filter(e -> e.what().startsWith("header row repeated")).count() >= 6,
                report.skipped.toString());
        assertTrue(report.normalisations.stream().anyMatch(e -> e.what().contains("printed again")), report.normalisations.toString());
        var t14 = plan.annexes.get(0).sections.get(3).tasks.get(0);
        assertEquals("（十四）", t14.number());
        assertTrue(t14.deadlineCell().startsWith("2021年底实现130项"), t14.deadlineCell());
        var t4 = plan.annexes.get(0).sections.get(0).tasks.get(3);
        assertEquals("县政务服务中心\n县发改局", t4.leadCell());
    }

    @Test
    void theProvincialFileReadsAsTwoPlansOf34And17Tasks() {
        ImportReport report = new ImportReport();
        List<Parsed.PlanDraft> plans = WorkPointsText.read(SeedDocuments.read(SeedDocuments.PROVINCIAL_WORK_POINTS), report);
        assertEquals(2, plans.size());
        assertEquals("湖南省2021年政务管理服务工作要点", plans.get(0).title);
        assertEquals(List.of(34, 17), plans.stream().map(Parsed.PlanDraft::taskCount).toList());
        assertEquals(9, plans.get(0).annexes.get(0).sections.size());
        assertEquals(5, plans.get(1).annexes.get(0).sections.size());
        var first = plans.get(0).annexes.get(0).sections.get(0).tasks.get(0);
        assertEquals("省政务局牵头", first.leadCell());
        assertTrue(first.responsibleCell().startsWith("省直相关单位"), first.responsibleCell());
        assertTrue(report.skipped.stream().anyMatch(e -> e.what().startsWith("preamble paragraph")), report.skipped.toString());
    }
}
