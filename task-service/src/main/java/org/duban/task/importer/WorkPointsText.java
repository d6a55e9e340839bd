package org.duban.task.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.SectionDraft;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Plan;

/**
 * Provincial work points in prose (湖南省2021年政务管理服务工作要点): a title line, a preamble, sections
 * {@code 一、…} and task paragraphs {@code （N）text（X牵头，Y按职责分工负责）}. One file may hold several documents:
 * each unindented title line ending in 要点 starts one plan. A provincial plan has no annexes; its tasks sit in one
 * annex labelled 正文 so county and provincial plans share a shape.
 */
final class WorkPointsText {

    private static final Pattern TITLE = Pattern.compile("^\\S.*(要点|方案|计划)$");
    private static final Pattern SECTION = Pattern.compile("^([一二三四五六七八九十]+)、(.+)$");
    private static final Pattern TASK = Pattern.compile("^[（(]([一二三四五六七八九十\\-－]+)[）)](.*)$");

    private WorkPointsText() {
    }

    /**
     * Whether some line is a task paragraph: {@code （一）…（X牵头，Y负责）} at the end of the line. Scanned by hand, line by
     * line: the pattern it replaces ({@code ^[\s　]*[（(][一…十]+[）)].*[（(][^（）()]*(牵头|负责)[^（）()]*[）)]\s*$}) backtracked
     * quadratically on long lines and blank runs, and no regex engine in the JDK bounds that.
     */
    static boolean looksLikeWorkPoints(String text) {
        int start = 0;
        while (start <= text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (taskWithDuty(text, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean taskWithDuty(String text, int start, int end) {
        int i = start;
        while (i < end && (space(text.charAt(i)) || text.charAt(i) == '\u3000')) {
            i++;
        }
        if (i >= end || !open(text.charAt(i))) {
            return false;
        }
        int digits = ++i;
        while (i < end && "一二三四五六七八九十".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i == digits || i >= end || !close(text.charAt(i))) {
            return false;
        }
        int[] duty = duty(text.substring(i + 1, end), false);
        return duty != null;
    }

    /**
     * The duty bracket closing a task paragraph: the last {@code （…）} of {@code s}, followed only by white space and
     * (when {@code period}) one {@code 。}, holding no bracket and naming 牵头 or 负责. Answers {open, close} indexes or
     * null. Hand-written for the same reason as {@link #looksLikeWorkPoints}: linear, where the pattern
     * {@code [（(]([^（）()]*(?:牵头|负责)[^（）()]*)[）)]\s*[。.]?$} was quadratic in the number of 牵头 after a bracket.
     */
    static int[] duty(String s, boolean period) {
        int end = s.length();
        while (end > 0 && space(s.charAt(end - 1))) {
            end--;
        }
        if (period && end > 0 && (s.charAt(end - 1) == '。' || s.charAt(end - 1) == '.')) {
            end--;
            while (end > 0 && space(s.charAt(end - 1))) {
                end--;
            }
        }
        if (end == 0 || !close(s.charAt(end - 1))) {
            return null;
        }
        int close = end - 1;
        int open = close - 1;
        while (open >= 0 && !open(s.charAt(open)) && !close(s.charAt(open))) {
            open--;
        }
        if (open < 0 || !open(s.charAt(open))) {
            return null;
        }
        String inside = s.substring(open + 1, close);
        return inside.contains("牵头") || inside.contains("负责") ? new int[] { open, close } : null;
    }

    /** Java's {@code \s} (without UNICODE_CHARACTER_CLASS). */
    static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static boolean open(char c) {
        return c == '（' || c == '(';
    }

    private static boolean close(char c) {
        return c == '）' || c == ')';
    }

    static List<PlanDraft> read(String text, ImportReport report) {
        ReadingBounds bounds = report.bounds;
        String[] lines = bounds.lines(text);
        List<PlanDraft> plans = new ArrayList<>();
        PlanDraft plan = null;
        SectionDraft section = null;
        int expected = 1;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = bounds.line(lineNo, lines[i]);
            String line = TableReader.clean(raw);
            if (line.isEmpty()) {
                continue;
            }
            boolean indented = raw.startsWith(" ") || raw.startsWith("\u3000") || raw.startsWith("\t");
            if (!indented && TITLE.matcher(line).matches()) {
                plan = new PlanDraft();
                PlanLevel.Reading level = PlanLevel.of(null, null, line);
                plan.level = level != null ? level.level() : Plan.Level.PROVINCE; // 怀化市2021年政务公开工作要点: a city's
                plan.title = line;
                plan.line = lineNo;
                AnnexDraft body = new AnnexDraft();
                body.ordinal = 1;
                body.label = "正文";
                body.title = line;
                plan.annexes.add(body);
                plans.add(plan);
                section = null;
                expected = 1;
                continue;
            }
            if (plan == null) {
                report.skipped(lineNo, TableReader.abbreviate(line), "text before the first document title: skipped");
                continue;
            }
            AnnexDraft body = plan.annexes.get(0);
            Matcher s = SECTION.matcher(line);
            if (s.matches() && line.length() < 60) {
                section = new SectionDraft();
                section.ordinal = body.sections.size() + 1;
                section.label = s.group(1);
                section.title = s.group(2).strip();
                body.sections.add(section);
                continue;
            }
            Matcher t = TASK.matcher(line);
            if (!t.matches()) {
                report.skipped(lineNo, TableReader.abbreviate(line), "preamble paragraph of 《" + plan.title + "》 (not a task)");
                continue;
            }
            String digits = t.group(1);
            if (digits.matches(".*[\\-－].*")) {
                String fixed = digits.replaceAll("[\\-－]", "一");
                report.normalised(lineNo, "（" + digits + "）", "(" + digits + ") read as (" + fixed + ")");
                digits = fixed;
            }
            int value = ChineseNumerals.value(digits);
            if (value < 0) {
                throw ImportProblems.atLine(lineNo, "task", "cannot read the task number “（" + digits + "）”");
            }
            if (value != expected) {
                report.normalised(lineNo, "（" + digits + "）", "task number " + value + " out of sequence (expected " + expected + ")");
            }
            expected = value + 1;
            if (section == null) {
                section = new SectionDraft();
                section.ordinal = 1;
                section.label = "一";
                section.title = "（未分类）";
                body.sections.add(section);
                report.normalised(lineNo, "", "task before any section: placed in an unnamed section");
            }
            String rest = t.group(2).strip();
            int[] d = duty(rest, true);
            String lead = "";
            String responsible = "";
            String taskText = rest;
            if (d != null) {
                taskText = rest.substring(0, d[0]).strip();
                String duty = rest.substring(d[0] + 1, d[1]);
                int split = duty.lastIndexOf("牵头");
                if (split >= 0) {
                    lead = duty.substring(0, split + 2);
                    responsible = duty.substring(split + 2).replaceFirst("^[，,；;、]", "");
                } else {
                    responsible = duty;
                    report.normalised(lineNo, duty, "task （" + digits + "） names no lead unit (no …牵头): responsible units only");
                }
            } else {
                report.normalised(lineNo, TableReader.abbreviate(rest), "task （" + digits + "） has no closing （X牵头，Y按职责分工负责）: no units");
            }
            section.tasks.add(new TaskDraft(lineNo, "（" + digits + "）", value, taskText, lead, responsible, null));
        }
        if (plans.isEmpty()) {
            throw ImportProblems.atLine(1, "document", "no document title (…工作要点) found");
        }
        for (PlanDraft p : plans) {
            if (p.taskCount() == 0) {
                throw ImportProblems.atLine(p.line, "document", "《" + p.title + "》 has no task paragraphs （一）…");
            }
        }
        return plans;
    }
}
