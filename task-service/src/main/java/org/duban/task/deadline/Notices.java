package org.duban.task.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.duban.platform.outbox.Outbox;

/**
 * Which notices are due, by the configured lead times (shortest first): pure arithmetic on instants, no database. A
 * sweep asks for the notices whose moment lies in its window ({@link #inWindow}); a change that brings due dates behind
 * the mark asks for the most urgent notice of each at its range's mark ({@link #behind}).
 */
record Notices(List<Duration> shortestFirst) {

    static Notices of(List<Duration> leadTimes) {
        return new Notices(leadTimes.stream().sorted().toList());
    }

    /**
     * The most urgent notice due for {@code dueAt} at {@code at}: MISSED once past, else the reminder of the shortest
     * lead time it falls within (a due date already within 3 days gets that reminder, not the 7-day one it skipped
     * past); null while no lead time has begun.
     */
    Notice at(Instant dueAt, Instant at) {
        if (!dueAt.isAfter(at)) {
            return new Notice(null, dueAt);
        }
        for (Duration lead : shortestFirst) {
            Instant moment = dueAt.minus(lead);
            if (!moment.isAfter(at)) {
                return new Notice(lead, moment);
            }
        }
        return null;
    }

    /** The latest due date with a notice due at {@code at}: {@code at} plus the longest lead time. */
    Instant horizon(Instant at) {
        return shortestFirst.isEmpty() ? at : at.plus(shortestFirst.get(shortestFirst.size() - 1));
    }

    /**
     * A sweep's window (after, now]: for each due date, its most urgent notice at {@code now} when that notice's moment
     * lies after {@code after} (an earlier one was announced by the sweep before).
     */
    List<Outbox.Entry> inWindow(String dueKind, List<DueQuery.Due> dues, Instant after, Instant now) {
        List<Outbox.Entry> entries = new ArrayList<>();
        for (DueQuery.Due due : dues) {
            Notice notice = at(due.dueAt(), now);
            if (notice != null && notice.moment().isAfter(after)) {
                entries.add(notice.entry(due, dueKind, now));
            }
        }
        return entries;
    }

    /**
     * The most urgent notice of each due date whose moment is at or before the mark of its assignment's range
     * ({@code marks}: range → mark), earliest due date first whatever order the query returned them in: a unit hears of
     * its misses in order.
     */
    List<Outbox.Entry> behind(String dueKind, List<DueQuery.Due> dues, Map<Integer, Instant> marks, Instant now) {
        List<DueQuery.Due> sorted = new ArrayList<>(dues);
        sorted.sort(Comparator.comparing(DueQuery.Due::dueAt).thenComparing(DueQuery.Due::assignmentId));
        List<Outbox.Entry> entries = new ArrayList<>();
        for (DueQuery.Due due : sorted) {
            Notice notice = at(due.dueAt(), marks.get(IdRanges.rangeOf(due.assignmentId())));
            if (notice != null) {
                entries.add(notice.entry(due, dueKind, now));
            }
        }
        return entries;
    }
}
