package org.duban.task.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.plan.Plan;
import org.junit.jupiter.api.Test;

/** The text reader alone (no server) on documents of the corpus: annex headings, the plan's level, what annexes cite. */
class NoticeReadingTest {

    static PlanDraft read(String name, ImportReport report) throws IOException {
        return NoticeText.read(Files.readString(Path.of("src/test/resources/notices", name), StandardCharsets.UTF_8), report);
    }

    @Test
    void aSingleAnnexHeadedWithoutANumberIsRead() throws IOException {
        PlanDraft plan = read("01_county_single_annex.txt", new ImportReport());
        assertEquals(1, plan.annexes.size());
        assertEquals("附件", plan.annexes.get(0).label);
        assertEquals("中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工", plan.annexes.get(0).title);
        assertEquals(3, plan.taskCount());
        assertEquals("湖南省2021年政务公开工作要点", plan.annexes.get(0).upstreamTitle);
    }

    @Test
    void annexListsNumberedUnderOneHeadingGiveEachAnnexItsTitle() throws IOException {
        PlanDraft plan = read("17_county_annex_list_numbered.txt", new ImportReport());
        assertEquals(List.of("附件1", "附件2"), plan.annexes.stream().map(a -> a.label).toList());
        assertEquals(List.of("湖南省2021年政务公开工作要点", "湖南省2021年政务管理服务工作要点"),
                plan.annexes.stream().map(a -> a.upstreamTitle).toList());
    }

    @Test
    void thePlansLevelIsReadFromIssuerDocumentNumberOrTitle() throws IOException {
        assertEquals(Plan.Level.CITY, read("02_city_notice_two_annexes.txt", new ImportReport()).level);
        assertEquals(Plan.Level.TOWNSHIP, read("10_township_notice.txt", new ImportReport()).level);
        assertEquals(Plan.Level.PROVINCE, read("22_province_notice.txt", new ImportReport()).level);
        PlanDraft unnumbered = read("16_county_no_number.txt", new ImportReport());
        assertNull(unnumbered.documentNumber);
        assertEquals("中方县人民政府办公室", unnumbered.issuer, "signed above the date");
        assertEquals(Plan.Level.COUNTY, unnumbered.level);
        PlanDraft fullWidth = read("07_county_fullwidth.txt", new ImportReport());
        assertEquals("中县政务公开办发〔２０２１〕１８号", fullWidth.documentNumber);
        assertEquals("2021-08-20", String.valueOf(fullWidth.issuedOn));
        assertEquals("附件1", fullWidth.annexes.get(0).label);
        assertEquals(Plan.Level.PROVINCE, WorkPointsText.read("湖南省2021年政务公开工作要点\n\n一、总则\n\n（一）做好公开。（省政务局牵头，省直相关单位按职责分工负责）\n",
                new ImportReport()).get(0).level);
        assertEquals(Plan.Level.CITY, WorkPointsText.read(Files.readString(Path.of("src/test/resources/notices/11_city_work_points.txt")),
                new ImportReport()).get(0).level);
    }

    @Test
    void upstreamPlansAreCitedInNestedQuotesOrOnlyInTheNoticesTitle() throws IOException {
        assertEquals("湖南省2021年政务公开工作要点", read("05_county_nested_quotes.txt", new ImportReport()).annexes.get(0).upstreamTitle);
        ImportReport report = new ImportReport();
        assertEquals("湖南省2021年政务管理服务工作要点", read("06_county_title_citation.txt", report).annexes.get(0).upstreamTitle);
        assertTrue(report.notes.stream().anyMatch(n -> n.contains("taken from the notice's title")), report.notes.toString());
        assertNull(read("03_county_cadences.txt", new ImportReport()).annexes.get(0).upstreamTitle,
                "关于印发《中方县…清单》的通知 names the county's own list, not an upstream plan");
        assertEquals(List.of("湖南省2021年政务公开工作要点"), Upstream.cited("《关于印发《湖南省2021年政务公开工作要点》的通知》"));
    }

    @Test
    void aTableWithoutAnAnnexHeadingIsTheOnlyAnnexTitledByTheLineBeforeIt() throws IOException {
        ImportReport report = new ImportReport();
        PlanDraft plan = read("21_county_no_annex_heading.txt", report);
        assertEquals("附件", plan.annexes.get(0).label);
        assertEquals("湖南省2021年政务公开工作要点", plan.annexes.get(0).upstreamTitle);
        assertTrue(report.normalisations.stream().anyMatch(n -> n.what().contains("without an 附件 heading")));
    }

    @Test
    void cooperatingUnitsInTheLeadCellAreCoResponsible() throws IOException {
        ImportReport report = new ImportReport();
        var task = read("04_county_joins.txt", report).annexes.get(0).sections.get(0).tasks.get(0);
        assertEquals("县财政局牵头", task.leadCell());
        assertEquals("县统计局、县人社局和县医保局", task.responsibleCell());
    }
}
