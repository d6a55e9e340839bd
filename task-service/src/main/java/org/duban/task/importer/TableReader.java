package org.duban.task.importer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.platform.problem.Problem;
import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.Row;
import org.duban.task.importer.Parsed.SectionDraft;
import org.duban.task.importer.Parsed.Table;
import org.duban.task.importer.Parsed.TaskDraft;

/**
 * Reads a responsibility table (事项 | 省重点任务 | 牵头单位 | 责任单位 | 完成时限), whatever it came from, into sections and
 * tasks. Columns are found by the header row, so a table with its columns in another order reads the same; a
 * missing required column is a 400 naming it. Every repair is reported: a repeated header row (page break)
 * skipped, {@code (十-)} read as {@code (十一)}, mixed brackets, a section label printed again, numbers out of
 * sequence.
 */
final class TableReader {

    enum Column {
        SECTION("事项", "工作事项", "类别"),
        TASK("省重点任务", "主要工作任务", "重点任务", "工作任务", "任务", "具体任务"),
        LEAD("牵头单位", "牵头部门"),
        RESPONSIBLE("责任单位", "配合单位", "责任部门"),
        DEADLINE("完成时限", "时限", "完成时间");

        final List<String> names;

        Column(String... names) {
            this.names = List.of(names);
        }

        static Column of(String cell) {
            String c = clean(cell);
            for (Column column : values()) {
                if (column.names.contains(c)) {
                    return column;
                }
            }
            return null;
        }
    }

    static final List<Column> REQUIRED = List.of(Column.TASK, Column.LEAD, Column.RESPONSIBLE, Column.DEADLINE);

    static final Pattern NUMBER = Pattern.compile("^[(（]\\s*([一二三四五六七八九十\\-－—]+)\\s*([)）])");
    private static final Pattern SECTION = Pattern.compile("^([一二三四五六七八九十]+)[、.．]\\s*(.+)$", Pattern.DOTALL);

    private TableReader() {
    }

    static String clean(String cell) {
        return cell == null ? "" : Normalizer.normalize(cell, Normalizer.Form.NFC).replace('\u3000', ' ').strip();
    }

    /** Whether the row is a header row: at least three cells name columns, the task column among them. */
    static Map<Column, Integer> header(Row row) {
        Map<Column, Integer> columns = new LinkedHashMap<>();
        int named = 0;
        for (int i = 0; i < row.cells().size(); i++) {
            Column c = Column.of(row.cells().get(i));
            if (c != null && !columns.containsKey(c)) {
                columns.put(c, i);
                named++;
            }
        }
        return named >= 3 ? columns : null;
    }

    static AnnexDraft read(Table table, int ordinal, ImportReport report) {
        AnnexDraft annex = new AnnexDraft();
        annex.ordinal = ordinal;
        annex.label = table.label;
        annex.title = table.title;
        Map<Column, Integer> columns = null;
        SectionDraft section = null;
        int expected = 1;
        for (Row row : table.rows) {
            report.bounds.tick(row.line());
            Map<Column, Integer> header = header(row);
            if (header != null) {
                if (columns == null) {
                    for (Column required : REQUIRED) {
                        if (!header.containsKey(required)) {
                            throw ImportProblems.atLine(row.line(), "column",
                                    table.label + ": the header row has no column " + required.names.get(0) + " (found "
                                            + String.join("|", row.cells().stream().map(TableReader::clean).toList()) + ")");
                        }
                    }
                    columns = header;
                } else {
                    report.skipped(row.line(), String.join("|", row.cells().stream().map(TableReader::clean).toList()),
                            "header row repeated after a page break: skipped");
                }
                continue;
            }
            if (columns == null) {
                throw ImportProblems.atLine(row.line(), "header", (table.label == null ? "the table" : table.label)
                        + " does not start with a header row 事项|省重点任务|牵头单位|责任单位|完成时限: found "
                        + String.join("|", row.cells().stream().map(TableReader::clean).toList()));
            }
            String sectionCell = cell(row, columns.get(Column.SECTION));
            String taskCell = cell(row, columns.get(Column.TASK));
            String lead = cell(row, columns.get(Column.LEAD));
            String responsible = cell(row, columns.get(Column.RESPONSIBLE));
            String deadline = cell(row, columns.get(Column.DEADLINE));
            if (!sectionCell.isEmpty()) {
                section = section(annex, section, sectionCell, row.line(), report);
            }
            if (taskCell.isEmpty()) {
                if (lead.isEmpty() && responsible.isEmpty() && deadline.isEmpty()) {
                    if (sectionCell.isEmpty()) {
                        report.skipped(row.line(), "", "empty row");
                    }
                    continue;
                }
                throw ImportProblems.atLine(row.line(), "task", "a row names units or a deadline but no task");
            }
            Matcher m = NUMBER.matcher(taskCell);
            if (!m.find()) {
                throw ImportProblems.atLine(row.line(), "task",
                        "the task cell does not start with a number such as (一): “" + abbreviate(taskCell) + "”");
            }
            String printed = m.group();
            String digits = m.group(1);
            if (digits.matches(".*[\\-－—].*")) {
                String fixed = digits.replaceAll("[\\-－—]", "一");
                report.normalised(row.line(), printed, "(" + digits + ") read as (" + fixed + ")");
                digits = fixed;
            }
            char open = printed.charAt(0);
            char close = m.group(2).charAt(0);
            if ((open == '(') != (close == ')')) {
                report.normalised(row.line(), printed, "mixed brackets " + printed + " read as （" + digits + "）");
            }
            int value = ChineseNumerals.value(digits);
            if (value < 0) {
                throw ImportProblems.atLine(row.line(), "task", "cannot read the task number “" + printed + "”");
            }
            if (value != expected) {
                report.normalised(row.line(), printed, "task number " + value + " out of sequence (expected " + expected + ")");
            }
            expected = value + 1;
            if (section == null) {
                section = newSection(annex, null, "（未分类）");
                report.normalised(row.line(), "", "task before any section: placed in an unnamed section");
            }
            if (lead.isEmpty()) {
                throw ImportProblems.atLine(row.line(), "lead", "task （" + digits + "） names no lead unit (牵头单位)");
            }
            String text = taskCell.substring(m.end()).strip();
            int[] cooperating = cooperating(lead);
            if (cooperating != null && cooperating[0] > 0) {
                // 县财政局牵头，县审计局配合 in the lead cell: 配合 means co-responsible
                String moved = lead.substring(cooperating[1], cooperating[2]).strip();
                lead = lead.substring(0, cooperating[0]).strip();
                responsible = responsible.isEmpty() ? moved : moved + "、" + responsible;
                report.normalised(row.line(), moved + "配合", "“" + moved + "配合” in the 牵头单位 cell read as co-responsible (配合)");
            }
            section.tasks.add(new TaskDraft(row.line(), "（" + digits + "）", value, text, lead, responsible, deadline));
        }
        if (columns == null) {
            throw ImportProblems.atLine(table.line, "header", (table.label == null ? "the table" : table.label)
                    + " has no header row 事项|省重点任务|牵头单位|责任单位|完成时限");
        }
        return annex;
    }

    /**
     * The last clause of a lead cell naming units that cooperate: {@code ，县审计局配合} or {@code （县审计局、县统计局配合）}.
     * Answers {separator, start, end} of the units before 配合, or null. What the pattern
     * {@code [，,；;（(\n]\s*([^，,；;（）()]+?)\s*配合\s*[)）]?\s*$} found, scanned by hand: that pattern, tried from every
     * line break of a cell, ran to the cell's end each time (quadratic in a cell of many short lines).
     */
    static int[] cooperating(String lead) {
        int end = lead.length();
        while (end > 0 && WorkPointsText.space(lead.charAt(end - 1))) {
            end--;
        }
        if (end > 0 && (lead.charAt(end - 1) == ')' || lead.charAt(end - 1) == '）')) {
            end--;
            while (end > 0 && WorkPointsText.space(lead.charAt(end - 1))) {
                end--;
            }
        }
        if (!lead.startsWith("配合", end - 2) || end < 2) {
            return null;
        }
        int mark = end - 2;
        // the clause runs back to the last separator; a line break inside it may start it too (leftmost first)
        int last = mark - 1;
        while (last >= 0 && "，,；;（）()".indexOf(lead.charAt(last)) < 0) {
            last--;
        }
        List<Integer> starts = new ArrayList<>();
        if (last >= 0 && "）)".indexOf(lead.charAt(last)) < 0) {
            starts.add(last);
        }
        for (int i = last + 1; i < mark; i++) {
            if (lead.charAt(i) == '\n') {
                starts.add(i);
            }
        }
        for (int separator : starts) {
            int from = separator + 1;
            int to = mark;
            while (from < to && WorkPointsText.space(lead.charAt(from))) {
                from++;
            }
            while (to > from && WorkPointsText.space(lead.charAt(to - 1))) {
                to--;
            }
            if (from < to) {
                return new int[] { separator, from, to };
            }
        }
        return null;
    }

    private static SectionDraft section(AnnexDraft annex, SectionDraft current, String cell, int line, ImportReport report) {
        String text = cell.replaceAll("\\s+", "");
        Matcher m = SECTION.matcher(text);
        String label = m.matches() ? m.group(1) : null;
        String title = m.matches() ? m.group(2) : text;
        if (current != null && current.title.equals(title)) {
            if (label != null && current.label != null && current.label.equals(label)) {
                report.normalised(line, cell, "section label " + label + "、 printed again: the section continues");
            } else {
                if (label != null) {
                    current.label = label;
                }
                report.normalised(line, cell, "section printed again with label " + label + ": the section continues");
            }
            return current;
        }
        SectionDraft section = newSection(annex, label, title);
        if (label == null) {
            report.normalised(line, cell, "section without a label: numbered " + section.label + " by position");
        }
        return section;
    }

    private static SectionDraft newSection(AnnexDraft annex, String label, String title) {
        SectionDraft section = new SectionDraft();
        section.ordinal = annex.sections.size() + 1;
        section.label = label != null ? label : ChineseNumerals.of(section.ordinal);
        section.title = title;
        annex.sections.add(section);
        return section;
    }

    private static String cell(Row row, Integer index) {
        if (index == null || index >= row.cells().size()) {
            return "";
        }
        return clean(row.cells().get(index));
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 40 ? one.substring(0, 40) + "…" : one;
    }
}
