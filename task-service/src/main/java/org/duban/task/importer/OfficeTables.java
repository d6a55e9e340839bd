package org.duban.task.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
        plan.line = 1;
        NoticeText.Front front = new NoticeText.Front();
        Map<String, String> annexTitles = front.annexTitles;
        List<Table> tables = new ArrayList<>();
        ReadingBounds bounds = report.bounds;
        OfficeZip.read(body, bounds, "Word (.docx)", pkg -> {
            XWPFDocument doc = new XWPFDocument(pkg);
            String label = null;
            int paragraphs = 0;
            int rows = 0;
            String title = null;
            int titleLines = 0;
            for (IBodyElement element : doc.getBodyElements()) {
                if (element instanceof XWPFParagraph p) {
                    if (++paragraphs > bounds.maxLines) {
                        throw ReadingBounds.tooLarge("duban.importer.max-lines", bounds.maxLines, 0,
                                "the document has more than " + bounds.maxLines + " paragraphs");
                    }
                    String line = TableReader.clean(bounds.line(paragraphs, p.getText()));
                    if (line.isEmpty()) {
                        continue;
                    }
                    String mark = NoticeText.annexLabel(line);
                    if (mark != null) {
                        label = mark;
                        title = annexTitles.get(label);
                        if (title == null && annexTitles.size() == 1 && (label.equals("附件") || label.equals("附件1"))) {
                            title = annexTitles.values().iterator().next();
                        }
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
                    NoticeText.preamble(plan, line, front);
                } else if (element instanceof XWPFTable t) {
                    Table table = new Table();
                    table.label = label != null ? label : tables.isEmpty() ? "附件" : "附件" + (tables.size() + 1);
                    table.title = title != null ? title : front.last != null && front.last.contains("《") ? front.last : null;
                    table.line = 1;
                    int r = 0;
                    for (XWPFTableRow row : t.getRows()) {
                        r++;
                        bounds.row(++rows, r);
                        List<String> cells = new ArrayList<>();
                        for (XWPFTableCell cell : row.getTableCells()) {
                            cells.add(bounds.cell(r, cellText(cell)));
                            // a cell merged across columns (gridSpan) stands for as many cells: the columns stay in place
                            var pr = cell.getCTTc().getTcPr();
                            long span = pr != null && pr.isSetGridSpan() ? pr.getGridSpan().getVal().longValue() : 1;
                            bounds.columns((int) Math.min(Integer.MAX_VALUE, cells.size() - 1 + span), r);
                            for (int k = 1; k < span; k++) {
                                cells.add("");
                            }
                        }
                        table.rows.add(new Row(r, cells));
                    }
                    tables.add(table);
                    label = null;
                    title = null;
                }
            }
            return null;
        });
        return tablesToPlan(plan, tables, report);
    }

    /** A Word cell's paragraphs, one line each (two lead units in one cell are two paragraphs or a line break). */
    private static String cellText(XWPFTableCell cell) {
        StringBuilder text = new StringBuilder();
        for (XWPFParagraph p : cell.getParagraphs()) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(p.getText());
        }
        return text.toString();
    }

    static PlanDraft xlsx(byte[] body, ImportReport report) {
        PlanDraft plan = new PlanDraft();
        plan.line = 1;
        List<Table> tables = new ArrayList<>();
        DataFormatter formatter = new DataFormatter(java.util.Locale.CHINA);
        ReadingBounds bounds = report.bounds;
        OfficeZip.read(body, bounds, "Excel (.xlsx)", pkg -> {
            Workbook workbook = new XSSFWorkbook(pkg);
            int rows = 0;
            for (Sheet sheet : workbook) {
                Table table = new Table();
                String mark = NoticeText.annexLabel(sheet.getSheetName().strip());
                table.label = mark != null ? mark : "附件" + (tables.size() + 1);
                table.labelPrinted = mark != null;
                table.line = 1;
                for (org.apache.poi.ss.usermodel.Row row : sheet) {
                    // rows are numbered as printed: a row far down (1,048,576) is refused by its number, not walked to
                    bounds.row(Math.max(++rows, row.getRowNum() + 1), row.getRowNum() + 1);
                    List<String> cells = new ArrayList<>();
                    int last = Math.max(row.getLastCellNum(), 0);
                    bounds.columns(last, row.getRowNum() + 1);
                    for (int c = 0; c < last; c++) {
                        Cell cell = row.getCell(c);
                        cells.add(cell == null ? "" : bounds.cell(row.getRowNum() + 1, excelText(cell, formatter)));
                    }
                    List<String> filled = cells.stream().map(TableReader::clean).filter(s -> !s.isEmpty()).toList();
                    if (filled.isEmpty()) {
                        continue;
                    }
                    if (table.rows.isEmpty() && filled.size() == 1 && TableReader.header(new Row(0, cells)) == null) {
                        String only = filled.get(0);
                        String label = NoticeText.annexLabel(only);
                        if (label != null) {
                            table.label = label; // a row 附件 / 附件2 above the title
                            table.labelPrinted = true;
                        } else if (NoticeText.DOCUMENT_NUMBER.matcher(PlanLevel.fold(only)).matches()) {
                            plan.documentNumber = only;
                        } else {
                            table.title = only; // 中方县贯彻落实《…》责任分工
                        }
                        continue;
                    }
                    table.rows.add(new Row(row.getRowNum() + 1, cells));
                }
                if (!table.rows.isEmpty()) {
                    tables.add(table);
                }
            }
            return null;
        });
        return tablesToPlan(plan, tables, report);
    }

    private static PlanDraft tablesToPlan(PlanDraft plan, List<Table> tables, ImportReport report) {
        if (tables.isEmpty()) {
            throw ImportProblems.atLine(1, "document", "the document holds no table");
        }
        if (tables.size() == 1 && tables.get(0).label.equals("附件1") && !tables.get(0).labelPrinted) {
            tables.get(0).label = "附件"; // one sheet not named 附件N: the notice's only annex
        }
        for (int t = 0; t < tables.size(); t++) {
            plan.annexes.add(TableReader.read(tables.get(t), t + 1, report));
        }
        return NoticeText.finish(plan, report, Plan.Level.COUNTY);
    }

    /**
     * A sheet cell as text; a real date cell as 2021年12月31日, which {@code DeadlinePhrase} reads like the printed phrase
     * (DataFormatter would give the cell's display format, 2021/12/31 or 12/31/21).
     */
    private static String excelText(Cell cell, DataFormatter formatter) {
        if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                && org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)) {
            java.time.LocalDate d = cell.getLocalDateTimeCellValue().toLocalDate();
            return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
        }
        return formatter.formatCellValue(cell);
    }
}
