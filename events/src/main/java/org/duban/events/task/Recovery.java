package org.duban.events.task;

import org.duban.events.WireEnum;

/** How a missed due date was caught up: the {@code how} of {@link DeadlineRecovered}, read tolerantly by {@link #of}. */
public enum Recovery {
    /** The unit reported (late). */
    REPORTED,
    /** The work was completed (办结). */
    COMPLETED,
    /** An extension was approved, or the due date moved (a new 完成时限). */
    EXTENDED,
    /** The assignment was withdrawn (撤销交办). */
    WITHDRAWN,
    /** A way this version does not know (or none): the raw value stays on the record. */
    UNKNOWN;

    public static Recovery of(String wire) {
        return WireEnum.read(Recovery.class, wire, UNKNOWN, UNKNOWN);
    }
}
