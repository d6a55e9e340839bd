package org.duban.task.importer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import org.duban.platform.problem.Problem;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.Row;
import org.duban.task.importer.Parsed.Table;
import org.duban.task.plan.Plan;

/**
 * The same responsibility table as a Word document (each table one annex; the paragraphs before the first table
 * carry the notice's number, issuer, title and date, a paragraph 附件N before a table labels it) or an Excel
 * workbook (each sheet one annex; an optional first row with the annex title). Row numbers stand for lines in
 * messages: row r of the table (Word) or sheet (Excel), 1-based.
 */
final class OfficeTables {

    private OfficeTables() {
    }

    static PlanDraft docx(byte[] body, ImportReport report) {
        PlanDraft plan = new PlanDraft();
        plan.level = Plan.Level.COUNTY;
        plan.line = 1;
        Map<String, String> annexTitles = new HashMap<>();
        List<Table> tables = new ArrayList<>();
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(body))) {
            String label = null;
            String title = null;
            int titleLines = 0;
            for (IBodyElement element : doc.getBodyElements()) {
                if (element instanceof XWPFParagraph p) {
                    String line = TableReader.clean(p.getText());
                    if (line.isEmpty()) {
                        continue;
                    }
                    Matcher mark = NoticeText.ANNEX_MARK.matcher(line);
                    if (mark.matches()) {
                        label = "附件" + mark.group(1);
                        title = annexTitles.get(label);
                        continue;
                    }
                    if (label != null && title == null) {
                        title = line;
                        continue;
                    }
                    int titleRead = NoticeText.titleLine(plan, line, titleLines);
                    if (titleRead >= 0) {
                        titleLines = titleRead;
                        continue;
                    }
                    NoticeText.preamble(plan, line, annexTitles);
                } else if (element instanceof XWPFTable t) {
                    Table table = new Table();
                    table.label = label != null ? label : "附件" + (tables.size() + 1);
                    table.title = title;
                    table.line = 1;
                    int r = 0;
                    for (XWPFTableRow row : t.getRows()) {
                        r++;
                        List<String> cells = new ArrayList<>();
                        for (XWPFTableCell cell : row.getTableCells()) {
                            cells.add(cell.getText());
                        }
                        table.rows.add(new Row(r, cells));
                    }
                    tables.add(table);
                    label = null;
                    title = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem problem) {
                throw problem;
            }
            throw Problem.invalidField("document", "not a readable Word (.docx) document: " + e.getMessage());
        }
        return tablesToPlan(plan, tables, report);
    }

    static PlanDraft xlsx(byte[] body, ImportReport report) {
        PlanDraft plan = new PlanDraft();
        plan.level = Plan.Level.COUNTY;
        plan.line = 1;
        List<Table> tables = new ArrayList<>();
        DataFormatter formatter = new DataFormatter();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(body))) {
            for (Sheet sheet : workbook) {
                Table table = new Table();
                Matcher mark = NoticeText.ANNEX_MARK.matcher(sheet.getSheetName().strip());
                table.label = mark.matches() ? "附件" + mark.group(1) : "附件" + (tables.size() + 1);
                table.line = 1;
                for (org.apache.poi.ss.usermodel.Row row : sheet) {
                    List<String> cells = new ArrayList<>();
                    int last = Math.max(row.getLastCellNum(), 0);
                    for (int c = 0; c < last; c++) {
                        Cell cell = row.getCell(c);
                        cells.add(cell == null ? "" : formatter.formatCellValue(cell));
                    }
                    List<String> filled = cells.stream().map(TableReader::clean).filter(s -> !s.isEmpty()).toList();
                    if (filled.isEmpty()) {
                        continue;
                    }
                    if (table.rows.isEmpty() && filled.size() == 1 && TableReader.header(new Row(0, cells)) == null) {
                        table.title = filled.get(0); // 中方县贯彻落实《…》责任分工
                        continue;
                    }
                    table.rows.add(new Row(row.getRowNum() + 1, cells));
                }
                if (!table.rows.isEmpty()) {
                    tables.add(table);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem problem) {
                throw problem;
            }
            throw Problem.invalidField("document", "not a readable Excel (.xlsx) workbook: " + e.getMessage());
        }
        return tablesToPlan(plan, tables, report);
    }

    private static PlanDraft tablesToPlan(PlanDraft plan, List<Table> tables, ImportReport report) {
        if (tables.isEmpty()) {
            throw ImportProblems.atLine(1, "document", "the document holds no table");
        }
        for (int t = 0; t < tables.size(); t++) {
            plan.annexes.add(TableReader.read(tables.get(t), t + 1, report));
        }
        if (plan.title == null) {
            plan.title = plan.annexes.get(0).title != null ? plan.annexes.get(0).title : "（无标题）";
            report.notes.add("the document has no title paragraph starting with 关于: the first annex's title is used");
        }
        return plan;
    }
}
