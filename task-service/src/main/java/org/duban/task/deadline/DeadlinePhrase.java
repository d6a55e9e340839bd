package org.duban.task.deadline;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.text.Normalizer;
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

    /**
     * What a phrase says: its kind, final due instant (null if none), its targets, or the text not understood; a
     * recurring phrase ({@code 每季度末}, {@code 每月25日前}, {@code 按季度报送}) its reporting {@code cadence}; {@code note} how a
     * recurring or window phrase was read.
     */
    public record Reading(Task.DeadlineKind kind, Instant dueAt, List<Target> milestones, String unread, Period cadence,
            String note) {
        public Reading(Task.DeadlineKind kind, Instant dueAt, List<Target> milestones, String unread) {
            this(kind, dueAt, milestones, unread, null, null);
        }

        Reading with(Period cadence, String note) {
            return new Reading(kind, dueAt, milestones, unread, cadence, note);
        }
    }

    /** The phrase names a date that does not exist ({@code 2021年13月}). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern ONGOING = Pattern.compile("^(持续推进|长期坚持|持续开展|常态化推进|常态化|长期|持续|长期推进|持续实施)$");
    /** A recurring phrase: every month, quarter, half year, year, week (每季度末, 每月25日前, 按季度报送, 每半年报送一次). */
    private static final Pattern CADENCE = Pattern.compile("(每|按)(两个月|个月|月|季度|季|半年|年度|年|周|旬)");
    /** 2022年6月至9月, 2022年6月-2022年9月底, 2022年6月1日至9月30日: a window; due at its end. */
    private static final Pattern WINDOW = Pattern.compile(
            "^(\\d{4})年(\\d{1,2})月(?:(\\d{1,2})日)?(?:至|到|—|－|-|~|～)(?:(\\d{4})年)?(\\d{1,2})月(?:(\\d{1,2})日|底|末)?(?:前|之前)?(完成)?$");
    /** 9月底前, 12月31日前, 年底前, 年内: a date without its year, in the year of the plan's issue. */
    private static final Pattern NO_YEAR = Pattern.compile("^(?:(今年|本年度|年)(底|末|内)|(\\d{1,2})月(?:(\\d{1,2})日|(底|末|中旬|上旬|下旬))?)(前|之前|内)?(完成)?$");
    /** 2021年第三季度, 2021年三季度末, 2021年第4季度前. */
    private static final Pattern QUARTER = Pattern.compile("^(\\d{4})年第?([一二三四1-4])季度(末|底)?(前|之前|内)?(完成)?$");
    private static final String DATE = "(\\d{4})年(?:(年底|年末|底|末|上半年|下半年|以后|后)|(\\d{1,2})月(?:(\\d{1,2})日|(底|末|中旬|上旬|下旬))?)?";
    private static final Pattern ANY_DATE = Pattern.compile(DATE);
    private static final Pattern LEADING_DATE = Pattern.compile("^" + DATE + "(前|之前|内)?");
    private static final Pattern WORKING_DAYS = Pattern.compile("^(\\d{1,3})个工作日(内|之内)?$");
    /**
     * A quantity and its unit: 130项, 12.5%. Linear on any text (issue 23): {@code (?<!\\d)} starts a number only at the
     * start of a run of digits, and the possessive quantifiers never give back a digit. Before, a run of n digits without
     * a unit was tried from each of its n starts at each of its lengths — 100,000 digits took minutes. The same
     * quantities are found: only the whole run can be followed by a unit, whichever digit of it a match starts at.
     */
    private static final Pattern QUANTITY = Pattern.compile("(?<!\\d)(\\d++(?:\\.\\d++)?+)\\s*+(项|个|件|家|次|所|%)");
    private static final Pattern IN_TEXT = Pattern.compile(DATE + "(前|之前)[^，。；,;]*");

    private DeadlinePhrase() {
    }

    /** {@code anchor}: the day working-day deadlines count from (the plan's issue date); may be null. */
    public static Reading read(String phrase, LocalDate anchor) {
        return read(phrase, anchor, WorkingDays.china());
    }

    /** As {@link #read(String, LocalDate)}, counting working days with {@code calendar} (a year being entered). */
    public static Reading read(String phrase, LocalDate anchor, WorkingDays calendar) {
        String p = phrase == null ? "" : Normalizer.normalize(phrase, Normalizer.Form.NFKC).strip().replaceAll("\\s+", "");
        if (p.isEmpty()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), "(empty)");
        }
        Matcher cadence = CADENCE.matcher(p);
        if (cadence.find()) {
            Period every = period(cadence.group(2));
            // a final date beside the recurrence (每月报送进展，2021年12月底前完成) is the task's date; else reports recur
            String rest = (p.substring(0, cadence.start()) + "，" + p.substring(cadence.end())).replaceAll("^[，,]|[，,]$", "");
            Matcher dated = ANY_DATE.matcher(rest);
            while (dated.find()) {
                if (dated.group(2) != null || dated.group(3) != null) {
                    return new Reading(Task.DeadlineKind.DATE, dueOf(dated, p), List.of(), null).with(every,
                            "recurring (every " + every + ") with a final date");
                }
            }
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), null).with(every,
                    "recurring: reports every " + every + " (" + p + ")");
        }
        Matcher window = WINDOW.matcher(p);
        if (window.matches()) {
            int year = Integer.parseInt(window.group(1));
            int toYear = window.group(4) != null ? Integer.parseInt(window.group(4)) : year;
            LocalDate from = day(p, year, Integer.parseInt(window.group(2)), window.group(3) == null ? 1 : Integer.parseInt(window.group(3)));
            int toMonth = Integer.parseInt(window.group(5));
            LocalDate to = window.group(6) != null ? day(p, toYear, toMonth, Integer.parseInt(window.group(6)))
                    : day(p, toYear, toMonth, 1).with(java.time.temporal.TemporalAdjusters.lastDayOfMonth());
            if (to.isBefore(from)) {
                throw new Invalid("“" + phrase + "”: the window ends before it begins");
            }
            return new Reading(Task.DeadlineKind.DATE, endOf(to), List.of(), null).with(null, "window " + from + " to " + to);
        }
        Matcher quarter = QUARTER.matcher(p);
        if (quarter.matches()) {
            int q = "一二三四".indexOf(quarter.group(2)) >= 0 ? "一二三四".indexOf(quarter.group(2)) + 1
                    : Integer.parseInt(quarter.group(2));
            LocalDate end = YearMonth.of(Integer.parseInt(quarter.group(1)), q * 3).atEndOfMonth();
            return new Reading(Task.DeadlineKind.DATE, endOf(end), List.of(), null);
        }
        Matcher noYear = NO_YEAR.matcher(p);
        if (noYear.matches()) {
            if (anchor == null) {
                return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p + " (no year, and no issue date to take it from)");
            }
            LocalDate due;
            if (noYear.group(1) != null) {
                due = LocalDate.of(anchor.getYear(), 12, 31);
            } else {
                YearMonth ym = YearMonth.of(anchor.getYear(), month(p, Integer.parseInt(noYear.group(3))));
                if (ym.isBefore(YearMonth.from(anchor))) {
                    ym = ym.plusYears(1); // 3月底前 in a notice of July: next March
                }
                due = noYear.group(4) != null ? day(p, ym.getYear(), ym.getMonthValue(), Integer.parseInt(noYear.group(4)))
                        : "上旬".equals(noYear.group(5)) ? ym.atDay(10) : "中旬".equals(noYear.group(5)) ? ym.atDay(20) : ym.atEndOfMonth();
            }
            return new Reading(Task.DeadlineKind.DATE, endOf(due), List.of(), null).with(null, "year taken from the issue date");
        }
        if (ONGOING.matcher(p).matches()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), null);
        }
        Matcher wd = WORKING_DAYS.matcher(p);
        if (wd.matches()) {
            if (anchor == null) {
                return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p + " (no day to count from)");
            }
            LocalDate due = calendar.nthWorkingDay(anchor, Integer.parseInt(wd.group(1)));
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
            if (parts.length == 1 && quantity == null && due != null && rest.matches("^(完成|到位)?[，,。].*")) {
                // 2021年9月30日前完成，逾期未完成的予以通报: a date, then a remark
                return new Reading(Task.DeadlineKind.DATE, due, List.of(), null).with(null, "remark after the date: " + rest.substring(1));
            }
            targets.add(new Target(part, due, quantity, unit));
        }
        if (targets.isEmpty()) {
            return new Reading(Task.DeadlineKind.ONGOING, null, List.of(), p);
        }
        Instant last = targets.stream().map(Target::dueAt).filter(d -> d != null).max(Instant::compareTo).orElse(null);
        return new Reading(Task.DeadlineKind.MILESTONES, last, List.copyOf(targets), null);
    }

    /**
     * How many working days a phrase counts ({@code 5个工作日内} → 5), read as {@link #read} reads it; null for any other
     * phrase.
     */
    public static Integer workingDays(String phrase) {
        if (phrase == null) {
            return null;
        }
        String p = Normalizer.normalize(phrase, Normalizer.Form.NFKC).strip().replaceAll("\\s+", "");
        Matcher wd = WORKING_DAYS.matcher(p);
        return wd.matches() ? Integer.valueOf(wd.group(1)) : null;
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

    private static Period period(String unit) {
        return switch (unit) {
            case "两个月" -> Period.ofMonths(2);
            case "季度", "季" -> Period.ofMonths(3);
            case "半年" -> Period.ofMonths(6);
            case "年度", "年" -> Period.ofYears(1);
            case "周" -> Period.ofWeeks(1);
            case "旬" -> Period.ofDays(10);
            default -> Period.ofMonths(1);
        };
    }

    private static int month(String phrase, int month) {
        if (month < 1 || month > 12) {
            throw new Invalid("“" + phrase + "”: there is no month " + month);
        }
        return month;
    }

    private static LocalDate day(String phrase, int year, int month, int day) {
        try {
            return LocalDate.of(year, month(phrase, month), day);
        } catch (DateTimeException e) {
            throw new Invalid("“" + phrase + "”: " + YearMonth.of(year, month) + " has no day " + day);
        }
    }

    public static Instant endOf(LocalDate day) {
        return day.atTime(END_OF_DAY).atZone(ZONE).toInstant();
    }
}
