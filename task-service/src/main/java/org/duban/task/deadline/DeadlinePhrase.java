package org.duban.task.deadline;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.duban.task.plan.Task;

/**
 * Reads a 完成时限 phrase as printed. {@code 2021年底} is 2021-12-31 end of day in Asia/Shanghai (DATE);
 * {@code 持续推进} is ongoing (ONGOING: no final date, reported at a cadence); {@code 2021年底实现130项…；
 * 2021年以后实现8项…} is a list of quantified targets (MILESTONES); {@code 5个工作日} counts China working days from
 * an anchor (the plan's issue date). Dated phrases inside a task's text ({@code 2021年10月底前完成…}) are found by
 * {@link #datedPhrasesIn(String)}. A phrase with an impossible date ({@code 2021年13月}) is {@link Invalid}; one
 * that is not understood at all is returned with {@code unread} set, never guessed.
 */
public final class DeadlinePhrase {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    /** A dated (or undated: {@code 2021年以后}) target with an optional quantity: 130 项. */
    public record Target(String label, Instant dueAt, BigDecimal quantity, String unit) {
    }

    /** What a phrase says: its kind, final due instant (null if none), its targets, or the text not understood. */
    public record Reading(Task.DeadlineKind kind, Instant dueAt, List<Target> milestones, String unread) {
    }

    /** The phrase names a date that does not exist ({@code 2021年13月}). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern ONGOING = Pattern.compile("^(持续推进|长期坚持|持续开展|常态化推进|长期|持续)$");
    private static final String DATE = "(\\d{4})年(?:(年底|年末|底|末|上半年|下半年|以后|后)|(\\d{1,2})月(?:(\\d{1,2})日|(底|末|中旬|上旬|下旬))?)?";
    private static final Pattern LEADING_DATE = Pattern.compile("^" + DATE + "(前|之前|内)?");
    private static final Pattern WORKING_DAYS = Pattern.compile("^(\\d{1,3})个工作日(内|之内)?$");
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(项|个|件|家|次|所|%)");
    private static final Pattern IN_TEXT = Pattern.compile(DATE + "(前|之前)[^，。；,;]*");

    private DeadlinePhrase() {
    }

    /** {@code anchor}: the day working-day deadlines count from (the plan's issue date); may be null. */
    public static Reading read(String phrase, LocalDate anchor) {
        String p = phrase == null ? "" : phrase.strip().replaceAll("\\s+", "");
        if (p.isEmpty()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), "(empty)");
        }
        if (ONGOING.matcher(p).matches()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), null);
        }
        Matcher wd = WORKING_DAYS.matcher(p);
        if (wd.matches()) {
            if (anchor == null) {
                return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p + " (no day to count from)");
            }
            LocalDate due = WorkingDays.china().nthWorkingDay(anchor, Integer.parseInt(wd.group(1)));
            return new Reading(Task.DeadlineKind.DATE, endOf(due), List.of(), null);
        }
        String[] parts = p.split("[；;]");
        List<Target> targets = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Matcher m = LEADING_DATE.matcher(part);
            if (!m.find() || m.end() == 0) {
                return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p);
            }
            Instant due = dueOf(m, part);
            String rest = part.substring(m.end());
            Matcher q = QUANTITY.matcher(rest);
            BigDecimal quantity = null;
            String unit = null;
            if (q.find()) {
                quantity = new BigDecimal(q.group(1));
                unit = q.group(2);
            }
            if (parts.length == 1 && rest.replaceAll("^(完成|到位)", "").isEmpty() && due != null) {
                return new Reading(Task.DeadlineKind.DATE, due, List.of(), null);
            }
            targets.add(new Target(part, due, quantity, unit));
        }
        if (targets.isEmpty()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p);
        }
        Instant last = targets.stream().map(Target::dueAt).filter(d -> d != null).max(Instant::compareTo).orElse(null);
        return new Reading(Task.DeadlineKind.MILESTONES, last, List.copyOf(targets), null);
    }

    /** Dated phrases inside a task's text: {@code 2021年10月底前完成26个领域…} up to the next punctuation. */
    public static List<Target> datedPhrasesIn(String text) {
        List<Target> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = IN_TEXT.matcher(text);
        while (m.find()) {
            Instant due = dueOf(m, m.group());
            if (due == null) {
                continue;
            }
            Matcher q = QUANTITY.matcher(m.group());
            BigDecimal quantity = null;
            String unit = null;
            if (q.find(m.group().indexOf('前'))) {
                quantity = new BigDecimal(q.group(1));
                unit = q.group(2);
            }
            found.add(new Target(m.group(), due, quantity, unit));
        }
        return found;
    }

    /** Groups: 1 year, 2 year-part, 3 month, 4 day, 5 month-part. Null when the phrase gives no date (以后). */
    private static Instant dueOf(Matcher m, String phrase) {
        int year = Integer.parseInt(m.group(1));
        if (year < 1949 || year > 2100) {
            throw new Invalid("“" + phrase + "”: year " + year + " is out of range");
        }
        String yearPart = m.group(2);
        if (yearPart != null) {
            return switch (yearPart) {
                case "以后", "后" -> null;
                case "上半年" -> endOf(LocalDate.of(year, 6, 30));
                default -> endOf(LocalDate.of(year, 12, 31));
            };
        }
        if (m.group(3) == null) {
            return endOf(LocalDate.of(year, 12, 31)); // 2021年前: by the end of that year
        }
        int month = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
            throw new Invalid("“" + phrase + "”: there is no month " + month);
        }
        YearMonth ym = YearMonth.of(year, month);
        if (m.group(4) != null) {
            try {
                return endOf(ym.atDay(Integer.parseInt(m.group(4))));
            } catch (DateTimeException e) {
                throw new Invalid("“" + phrase + "”: " + ym + " has no day " + m.group(4));
            }
        }
        String monthPart = m.group(5);
        if ("上旬".equals(monthPart)) {
            return endOf(ym.atDay(10));
        }
        if ("中旬".equals(monthPart)) {
            return endOf(ym.atDay(20));
        }
        return endOf(ym.atEndOfMonth());
    }

    public static Instant endOf(LocalDate day) {
        return day.atTime(END_OF_DAY).atZone(ZONE).toInstant();
    }
}
