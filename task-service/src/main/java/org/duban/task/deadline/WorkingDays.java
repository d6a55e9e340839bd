package org.duban.task.deadline;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.tyme.holiday.LegalHoliday;

/**
 * The China working-day calendar: Monday to Friday work, except public holidays (放假), plus the weekend days
 * declared make-up working days (调休上班).
 * <p>
 * Where a year's arrangement comes from, first match wins:
 * <ol>
 * <li>an <b>override</b> the admin entered ({@code PUT /api/calendar/{year}}, package {@code org.duban.task.calendar},
 * installed here with {@link #useOverrides(Map)}): next year's State Council notice, usually published in November, the
 * day it appears, or a correction;</li>
 * <li>the <b>library</b> {@code cn.6tail:tyme4j} ({@link LegalHoliday}: the State Council's notices with their 调休 days,
 * 2002 through the library's latest year; maintained upstream, so a new version brings new years);</li>
 * <li>else the year is <b>unknown</b> ({@link #knows(int)} is false) and only weekends are days off.</li>
 * </ol>
 */
public final class WorkingDays {

    /** Where the arrangement of a year in force comes from. */
    public enum Source {
        OVERRIDE, LIBRARY, UNKNOWN
    }

    /** A year's days off (放假, weekdays and weekend days) and make-up working days (调休上班, weekend days). */
    public record Arrangement(SortedSet<LocalDate> daysOff, SortedSet<LocalDate> makeUpDays) {

        public static final Arrangement NONE = new Arrangement(new TreeSet<>(), new TreeSet<>());

        public Arrangement {
            daysOff = Collections.unmodifiableSortedSet(new TreeSet<>(daysOff));
            makeUpDays = Collections.unmodifiableSortedSet(new TreeSet<>(makeUpDays));
        }
    }

    private static final WorkingDays CHINA = new WorkingDays();

    /** The library's arrangement per year, read once per year on first use (a year takes ~20 ms to read). */
    private final Map<Integer, LibraryYear> library;
    /** The admin's overrides in force: replaced whole, never changed in place. */
    private volatile Map<Integer, Arrangement> overrides = Map.of();

    /** The service uses {@link #china()}; tests make their own to try overrides without touching it. */
    WorkingDays() {
        this(new ConcurrentHashMap<>(), Map.of());
    }

    /** Shares the library's years already read (they never change). */
    private WorkingDays(Map<Integer, LibraryYear> library, Map<Integer, Arrangement> overrides) {
        this.library = library;
        this.overrides = overrides;
    }

    public static WorkingDays china() {
        return CHINA;
    }

    /**
     * Installs the overrides in force (all of them: a year not in the map falls back to the library). Called at start-up
     * and after every change by {@code calendar/CalendarOverrides}.
     */
    public void useOverrides(Map<Integer, Arrangement> byYear) {
        overrides = Map.copyOf(byYear);
    }

    /**
     * This calendar with {@code year}'s arrangement replaced, this one untouched: what a year being entered
     * ({@code PUT /api/calendar/{year}}) will make the calendar, for counting deadlines again in the same transaction,
     * before the change has committed and been installed with {@link #useOverrides(Map)}.
     */
    public WorkingDays withOverride(int year, Arrangement arrangement) {
        Map<Integer, Arrangement> next = new java.util.HashMap<>(overrides);
        next.put(year, arrangement);
        return new WorkingDays(library, Map.copyOf(next));
    }

    /** Whether the calendar has the holiday arrangement of {@code year} (an override or the library's). */
    public boolean knows(int year) {
        return source(year) != Source.UNKNOWN;
    }

    /** Where the arrangement of {@code year} in force comes from. */
    public Source source(int year) {
        if (overrides.containsKey(year)) {
            return Source.OVERRIDE;
        }
        return libraryYear(year).known() ? Source.LIBRARY : Source.UNKNOWN;
    }

    /** Whether the library ({@code tyme4j}) has the State Council's arrangement for {@code year}. */
    public boolean libraryKnows(int year) {
        return libraryYear(year).known();
    }

    /** The library's days off and make-up working days dated in {@code year} (what an override replaces). */
    public Arrangement libraryArrangement(int year) {
        return libraryYear(year).arrangement();
    }

    /** The days off and make-up working days dated in {@code year} that are in force (empty for an unknown year). */
    public Arrangement arrangement(int year) {
        Arrangement override = overrides.get(year);
        if (override != null) {
            return override;
        }
        return libraryYear(year).arrangement();
    }

    public boolean isWorkingDay(LocalDate day) {
        Arrangement year = arrangement(day.getYear());
        if (year.daysOff().contains(day)) {
            return false;
        }
        if (year.makeUpDays().contains(day)) {
            return true;
        }
        return !isWeekend(day);
    }

    public static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
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

    private LibraryYear libraryYear(int year) {
        return library.computeIfAbsent(year, WorkingDays::readLibrary);
    }

    /**
     * The library's entries dated in {@code year}, asked day by day through its public API ({@code fromYmd}) rather than
     * by parsing its internal data string. The year is known when some holiday of that year is in the library: an entry's
     * target (the holiday it belongs to) lies in it. Entries dated in a year for the next year's holiday (2001-12-29 worked
     * for 元旦 2002) still count for their day, but do not make their year known.
     */
    private static LibraryYear readLibrary(int year) {
        SortedSet<LocalDate> off = new TreeSet<>();
        SortedSet<LocalDate> work = new TreeSet<>();
        boolean known = false;
        if (year >= 1 && year <= 9999) {
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                LegalHoliday h = LegalHoliday.fromYmd(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
                if (h == null) {
                    continue;
                }
                (h.isWork() ? work : off).add(d);
                known |= h.getTarget().getYear() == year;
            }
        }
        return new LibraryYear(known, new Arrangement(off, work));
    }

    private record LibraryYear(boolean known, Arrangement arrangement) {
    }
}
