package org.duban.events.task;

/**
 * Which due date a deadline event is about: the wire spellings of the events' {@code dueKind} field, for the producer that
 * writes them. Consumers read the field typed through {@link DueDateKind} (the records' {@code kind()}), tolerant of a
 * value this version does not know.
 */
public final class DueKind {
    /** The assignment's deadline (完成时限), after any approved extension. */
    public static final String FINAL = "FINAL";
    /** A milestone of the task, e.g. 2021年10月底前完成… */
    public static final String MILESTONE = "MILESTONE";
    /** A periodic progress report of ongoing work (持续推进), by the reporting cadence. */
    public static final String REPORT = "REPORT";
    /** A rectification ordered by an inspection (整改), watched by supervision-service. */
    public static final String RECTIFICATION = "RECTIFICATION";

    private DueKind() {
    }
}
