package org.duban.task.importer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.Row;
import org.duban.task.importer.Parsed.Table;
import org.duban.task.plan.Plan;

/**
 * The county notice as extracted plain text: the notice (document number, issuer, title, instructions, annex list,
 * date), then each annex ({@code 附件1}) as a table whose cells each start on a new line with a tab; a cell of
 * several lines (two lead units) continues on untabbed lines. Untabbed lines after a row's last cell are page
 * headers (the annex title printed again) or stray text: skipped, with a report line each.
 */
final class NoticeText {

    static final Pattern DOCUMENT_NUMBER = Pattern.compile("^\\S*〔\\d{4}〕\\d+号$");
    static final Pattern DATE_LINE = Pattern.compile("^(\\d{4})年(\\d{1,2})月(\\d{1,2})日$");
    static final Pattern ANNEX_MARK = Pattern.compile("^附件\\s*(\\d+)$");
    static final Pattern ANNEX_LIST = Pattern.compile("^附件\\s*(\\d+)[：:]\\s*(.+)$");

    private NoticeText() {
    }

    /** Whether the text looks like a tabbed responsibility table (a header cell 牵头单位 on its own tabbed line). */
    static boolean looksLikeNotice(String text) {
        return Pattern.compile("(?m)^\\t\\s*牵头单位\\s*$").matcher(text).find();
    }

    static PlanDraft read(String text, ImportReport report) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        PlanDraft plan = new PlanDraft();
        plan.level = Plan.Level.COUNTY;
        plan.line = 1;
        Map<String, String> annexTitles = new HashMap<>();
        List<Table> tables = new ArrayList<>();
        Table table = null;
        List<String> row = null;
        int rowLine = 0;
        int titleLines = 0;
        int columns = 5;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String line = TableReader.clean(raw);
            if (table == null) {
                if (line.isEmpty()) {
                    continue;
                }
                Matcher mark = ANNEX_MARK.matcher(line);
                if (mark.matches()) {
                    table = newTable(tables, "附件" + mark.group(1), annexTitles, lineNo);
                    continue;
                }
                int title = titleLine(plan, line, titleLines);
                if (title >= 0) {
                    titleLines = title;
                    continue;
                }
                preamble(plan, line, annexTitles);
                continue;
            }
            if (raw.startsWith("\t")) {
                if (row == null) {
                    row = new ArrayList<>();
                    rowLine = lineNo;
                }
                row.add(raw.substring(1));
                if (row.size() == columns) {
                    table.rows.add(new Row(rowLine, List.copyOf(row)));
                    row = null;
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (row != null) {
                int last = row.size() - 1;
                row.set(last, row.get(last) + "\n" + line);
                continue;
            }
            Matcher mark = ANNEX_MARK.matcher(line);
            if (mark.matches()) {
                table = newTable(tables, "附件" + mark.group(1), annexTitles, lineNo);
                continue;
            }
            if (table.rows.isEmpty() && (table.title == null || table.title.equals(line))) {
                table.title = line;
                continue;
            }
            if (annexTitles.containsValue(line) || line.equals(table.title)) {
                report.skipped(lineNo, line, "annex title repeated at a page break: skipped");
            } else {
                report.skipped(lineNo, line, "text outside any table cell: skipped");
            }
        }
        if (row != null) {
            throw ImportProblems.atLine(rowLine, "row", "the table ends inside a row: " + row.size() + " of " + columns
                    + " cells (事项|省重点任务|牵头单位|责任单位|完成时限)");
        }
        if (tables.isEmpty()) {
            throw ImportProblems.atLine(1, "document", "no annex table (附件1 followed by a responsibility table) found");
        }
        for (int t = 0; t < tables.size(); t++) {
            plan.annexes.add(TableReader.read(tables.get(t), t + 1, report));
        }
        if (plan.title == null) {
            plan.title = plan.annexes.get(0).title != null ? plan.annexes.get(0).title : "（无标题）";
            report.notes.add("the document has no title line starting with 关于: the first annex's title is used");
        }
        return plan;
    }

    private static Table newTable(List<Table> tables, String label, Map<String, String> annexTitles, int line) {
        Table table = new Table();
        table.label = label;
        table.title = annexTitles.get(label);
        table.line = line;
        tables.add(table);
        return table;
    }

    /** Document number, issuer, issue date and the annex list of the notice's first page. */
    /**
     * The notice's title runs from a line starting 关于 to the line ending 通知 (at most four lines). Takes
     * {@code line} into the title when it belongs there and answers how many title lines were read so far (0 when the
     * title is complete), or -1 when the line is no title line.
     */
    static int titleLine(PlanDraft plan, String line, int titleLines) {
        if (titleLines > 0) {
            plan.title += line;
            return line.endsWith("通知") || titleLines >= 3 ? 0 : titleLines + 1;
        }
        if (plan.title == null && line.startsWith("关于")) {
            plan.title = line;
            return line.endsWith("通知") ? 0 : 1;
        }
        return -1;
    }

    static void preamble(PlanDraft plan, String line, Map<String, String> annexTitles) {
        if (plan.documentNumber == null && DOCUMENT_NUMBER.matcher(line).matches()) {
            plan.documentNumber = line;
            return;
        }
        if (plan.documentNumber != null && plan.issuer == null && plan.title == null && !line.startsWith("关于")) {
            plan.issuer = line;
            return;
        }
        Matcher list = ANNEX_LIST.matcher(line);
        if (list.matches()) {
            annexTitles.put("附件" + list.group(1), list.group(2).strip());
            return;
        }
        Matcher date = DATE_LINE.matcher(line);
        if (date.matches()) {
            try {
                plan.issuedOn = LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                        Integer.parseInt(date.group(3)));
            } catch (java.time.DateTimeException e) {
                throw ImportProblems.atLine(0, "issuedOn", "the notice's date “" + line + "” does not exist");
            }
        }
    }
}
