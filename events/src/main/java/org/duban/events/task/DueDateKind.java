package org.duban.events.task;

import org.duban.events.WireEnum;

/**
 * Which due date a deadline event is about, typed: the {@code dueKind} of {@link DeadlineApproaching},
 * {@link DeadlineMissed}, {@link DeadlineRecovered} and {@link DueDateChanged}. The records keep the wire string (whose
 * spellings {@link DueKind} names for the producer); {@link #of} reads it tolerantly.
 */
public enum DueDateKind {
    /** The assignment's deadline (完成时限), after any approved extension. */
    FINAL,
    /** A milestone of the task, e.g. 2021年10月底前完成… */
    MILESTONE,
    /** A periodic progress report of ongoing work (持续推进), by the reporting cadence. */
    REPORT,
    /** A rectification ordered by an inspection (整改), watched by supervision-service. */
    RECTIFICATION,
    /** A kind this version does not know: the raw value stays on the record. */
    UNKNOWN;

    /** The kind named on the wire; FINAL when absent (events older than the field), {@link #UNKNOWN} for a new name. */
    public static DueDateKind of(String wire) {
        return WireEnum.read(DueDateKind.class, wire, FINAL, UNKNOWN);
    }
}
