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

    // The patterns below are linear: their possessive quantifiers (\s*+) never give back what they took, so a line of
    // white space between two tokens is not tried at every split (it was: quadratic in the run's length).

    /** 中县政务公开办发〔2021〕8号, also with [2021], （2021）, ﹝2021﹞, 第8号 and full-width digits (matched NFKC-folded). */
    static final Pattern DOCUMENT_NUMBER = Pattern.compile("^\\S*?[〔\\[［(（﹝【]\\s*+\\d{4}\\s*+[〕\\]］)）﹞】]\\s*+第?\\s*+\\d++\\s*+号$");
    static final Pattern DATE_LINE = Pattern.compile("^(\\d{4})\\s*+年\\s*+(\\d{1,2})\\s*+月\\s*+(\\d{1,2})\\s*+日$");
    /** 附件1, 附件 2, 附件一, 附件１, 附件： and a lone 附件 (one annex: the number appears only when there are several). */
    static final Pattern ANNEX_MARK = Pattern.compile("^附\\s*+件\\s*+([0-9一二三四五六七八九十]*+)\\s*+[：:]?$");
    static final Pattern ANNEX_LIST = Pattern.compile("^附件\\s*+([0-9一二三四五六七八九十]*+)\\s*+[：:]\\s*(?:([0-9]++)\\s*+[.．、]\\s*)?(.+)$");
    /** 2．怀化市…责任分工 under an annex list 附件：1．… */
    static final Pattern ANNEX_LIST_MORE = Pattern.compile("^([0-9]++)\\s*+[.．、]\\s*(.+)$");
    /** An issuer's name, as signed above the date: ends as an office does. */
    static final Pattern ISSUER = Pattern.compile("^\\S{4,40}(政府|办公室|办公厅|小组|委员会|委|厅|局|办|中心|部)$");

    private NoticeText() {
    }

    private static final String HEADER_CELL = "牵头单位";

    /**
     * Whether the text looks like a tabbed responsibility table: a header cell 牵头单位 on its own tabbed line (what
     * {@code (?m)^\t\s*牵头单位\s*$} says). Scanned by hand around each 牵头单位, because that pattern, tried at every line
     * start, ran to the end of each blank run again: quadratic on a document of tabbed blank lines.
     */
    static boolean looksLikeNotice(String text) {
        for (int at = text.indexOf(HEADER_CELL); at >= 0; at = text.indexOf(HEADER_CELL, at + HEADER_CELL.length())) {
            int after = at + HEADER_CELL.length();
            while (after < text.length() && " \t\u000B\f".indexOf(text.charAt(after)) >= 0) {
                after++;
            }
            if (after < text.length() && text.charAt(after) != '\n' && text.charAt(after) != '\r') {
                continue;
            }
            // the white space before it (a run of \s, line breaks included) holds a tab that starts a line
            for (int i = at - 1; i >= 0 && WorkPointsText.space(text.charAt(i)); i--) {
                if (text.charAt(i) == '\t' && (i == 0 || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\r')) {
                    return true;
                }
            }
        }
        return false;
    }

    static PlanDraft read(String text, ImportReport report) {
        ReadingBounds bounds = report.bounds;
        String[] lines = bounds.lines(text);
        PlanDraft plan = new PlanDraft();
        plan.line = 1;
        Front front = new Front();
        List<Table> tables = new ArrayList<>();
        Table table = null;
        List<String> row = null;
        int rowLine = 0;
        int titleLines = 0;
        int columns = 5;
        int rows = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = bounds.line(lineNo, lines[i]);
            String line = TableReader.clean(raw);
            if (table == null) {
                if (line.isEmpty()) {
                    continue;
                }
                String label = annexLabel(line);
                if (label != null) {
                    table = newTable(tables, label, front.annexTitles, lineNo);
                    continue;
                }
                if (raw.startsWith("\t")) {
                    // a table with no 附件 heading before it: the annex is the document's only one
                    table = newTable(tables, "附件", front.annexTitles, lineNo);
                    if (table.title == null && front.last != null && front.last.contains("《")) {
                        table.title = front.last;
                    }
                    report.normalised(lineNo, "", "a table without an 附件 heading: read as the annex 附件");
                    i--;
                    continue;
                }
                int title = titleLine(plan, line, titleLines);
                if (title >= 0) {
                    titleLines = title;
                    continue;
                }
                preamble(plan, line, front);
                continue;
            }
            if (raw.startsWith("\t")) {
                if (row == null) {
                    row = new ArrayList<>();
                    rowLine = lineNo;
                }
                row.add(raw.substring(1));
                if (row.size() == columns) {
                    bounds.row(++rows, rowLine);
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
                row.set(last, bounds.cell(rowLine, row.get(last) + "\n" + line));
                continue;
            }
            String label = annexLabel(line);
            if (label != null) {
                table = newTable(tables, label, front.annexTitles, lineNo);
                continue;
            }
            if (table.rows.isEmpty() && (table.title == null || table.title.equals(line))) {
                table.title = line;
                continue;
            }
            if (front.annexTitles.containsValue(line) || line.equals(table.title)) {
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
            throw ImportProblems.atLine(1, "document", "no annex table (附件 or 附件1 followed by a responsibility table) found");
        }
        for (int t = 0; t < tables.size(); t++) {
            plan.annexes.add(TableReader.read(tables.get(t), t + 1, report));
        }
        return finish(plan, report, Plan.Level.COUNTY);
    }

    /**
     * What every reader of a notice does last: the title (the first annex's when the notice has none), the plan's level
     * from its issuer and document number, and each annex's upstream plan from its own title or the notice's.
     */
    static PlanDraft finish(PlanDraft plan, ImportReport report, Plan.Level otherwise) {
        if (plan.title == null) {
            plan.title = plan.annexes.get(0).title != null ? plan.annexes.get(0).title : "（无标题）";
            report.notes.add("the document has no title line starting with 关于: the first annex's title is used");
        }
        PlanLevel.Reading level = PlanLevel.of(plan.issuer, plan.documentNumber, plan.title);
        if (level != null) {
            plan.level = level.level();
            report.notes.add("plan level " + level.level() + " read from " + level.from());
        } else {
            plan.level = otherwise;
            report.notes.add("plan level not stated by issuer, document number or title: read as " + otherwise);
        }
        Upstream.cite(plan, report);
        return plan;
    }

    /** The annex an 附件 heading names: 附件1 → 附件1, 附件一 → 附件1, 附件 → 附件; null when the line is no annex heading. */
    static String annexLabel(String line) {
        Matcher mark = ANNEX_MARK.matcher(PlanLevel.fold(line).strip());
        if (!mark.matches()) {
            return null;
        }
        return "附件" + number(mark.group(1));
    }

    private static String number(String printed) {
        if (printed == null || printed.isEmpty()) {
            return "";
        }
        if (printed.chars().allMatch(Character::isDigit)) {
            return String.valueOf(Integer.parseInt(printed));
        }
        int v = ChineseNumerals.value(printed);
        return v > 0 ? String.valueOf(v) : printed;
    }

    private static Table newTable(List<Table> tables, String label, Map<String, String> annexTitles, int line) {
        Table table = new Table();
        table.label = label;
        table.title = annexTitles.get(label);
        if (table.title == null && annexTitles.size() == 1 && (label.equals("附件") || label.equals("附件1"))) {
            table.title = annexTitles.values().iterator().next(); // 附件：… listed, 附件1 printed, or the other way round
        }
        table.line = line;
        tables.add(table);
        return table;
    }

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

    /** What the first page has told so far: annex titles listed, whether a list is running, the last line. */
    static final class Front {
        final Map<String, String> annexTitles = new HashMap<>();
        boolean listing;
        String last;
    }

    /** Document number, issuer, issue date and the annex list of the notice's first page. */
    static void preamble(PlanDraft plan, String line, Front front) {
        String folded = PlanLevel.fold(line).strip();
        String previous = front.last;
        front.last = line;
        if (plan.documentNumber == null && DOCUMENT_NUMBER.matcher(folded).matches()) {
            plan.documentNumber = line;
            return;
        }
        if (plan.documentNumber != null && plan.issuer == null && plan.title == null && !line.startsWith("关于")) {
            plan.issuer = line;
            return;
        }
        Matcher list = ANNEX_LIST.matcher(folded);
        if (list.matches()) {
            String label = "附件" + number(list.group(2) != null ? list.group(2) : list.group(1));
            front.annexTitles.put(label, list.group(3).strip());
            front.listing = list.group(2) != null;
            return;
        }
        Matcher more = ANNEX_LIST_MORE.matcher(folded);
        if (front.listing && more.matches()) {
            front.annexTitles.put("附件" + Integer.parseInt(more.group(1)), more.group(2).strip());
            return;
        }
        front.listing = false;
        Matcher date = DATE_LINE.matcher(folded);
        if (date.matches()) {
            try {
                plan.issuedOn = LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                        Integer.parseInt(date.group(3)));
            } catch (java.time.DateTimeException e) {
                throw ImportProblems.atLine(0, "issuedOn", "the notice's date “" + line + "” does not exist");
            }
            if (plan.issuer == null && previous != null && ISSUER.matcher(PlanLevel.fold(previous).strip()).matches()) {
                plan.issuer = previous; // signed above the date when no document number precedes it
            }
        }
    }
}
