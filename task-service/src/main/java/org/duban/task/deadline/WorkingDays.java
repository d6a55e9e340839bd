package org.duban.task.deadline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * The China working-day calendar: Monday to Friday work, except public holidays (放假), plus the weekend days
 * declared make-up working days (调休上班). Kept as data, one resource file per year ({@code calendar/cn-2021.txt}
 * from the State Council's annual holiday notice); a year without a file counts weekends only
 * ({@link #knows(int)} tells).
 */
public final class WorkingDays {

    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;
    private static final WorkingDays CHINA = load();

    private final Set<LocalDate> holidays = new HashSet<>();
    private final Set<LocalDate> makeUpDays = new HashSet<>();
    private final Set<Integer> years = new HashSet<>();

    private WorkingDays() {
    }

    public static WorkingDays china() {
        return CHINA;
    }

    private static WorkingDays load() {
        WorkingDays calendar = new WorkingDays();
        for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
            try (InputStream in = WorkingDays.class.getClassLoader().getResourceAsStream("calendar/cn-" + year + ".txt")) {
                if (in == null) {
                    continue;
                }
                calendar.years.add(year);
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                int lineNo = 0;
                for (String line; (line = reader.readLine()) != null;) {
                    lineNo++;
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    String[] parts = l.split("\\s+");
                    String[] range = parts[1].split("\\.\\.");
                    LocalDate from = LocalDate.parse(range[0]);
                    LocalDate to = range.length > 1 ? LocalDate.parse(range[1]) : from;
                    Set<LocalDate> target = switch (parts[0]) {
                        case "off" -> calendar.holidays;
                        case "work" -> calendar.makeUpDays;
                        default -> throw new IllegalStateException("calendar/cn-" + year + ".txt line " + lineNo + ": " + l);
                    };
                    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                        target.add(d);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return calendar;
    }

    /** Whether the calendar has the holiday arrangement of {@code year}. */
    public boolean knows(int year) {
        return years.contains(year);
    }

    public boolean isWorkingDay(LocalDate day) {
        if (holidays.contains(day)) {
            return false;
        }
        if (makeUpDays.contains(day)) {
            return true;
        }
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The day by which work given "within {@code n} 个工作日" from {@code start} is due: the n-th working day
     * counting {@code start} itself when it is a working day (5个工作日 from Thursday 2021-09-30 is 2021-10-12:
     * 09-30, 10-08, 10-09 (调休), 10-11, 10-12).
     */
    public LocalDate nthWorkingDay(LocalDate start, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        LocalDate day = start;
        int counted = isWorkingDay(day) ? 1 : 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }
}
