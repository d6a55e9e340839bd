package org.duban.events.task;

import org.duban.events.WireEnum;

/**
 * The role a unit holds a task in: the {@code role} of {@link TaskAssigned}, {@link AssignmentTransferred} and
 * {@link AssignmentWithdrawn}. The records keep the wire string; {@link #of} reads it tolerantly.
 */
public enum AssignmentRole {
    /** 牵头单位: leads the task and reports for it as a whole. */
    LEAD,
    /** 责任单位: shares the task under the lead unit. */
    CO_RESPONSIBLE,
    /** A role this version does not know (or none): the raw value stays on the record. */
    UNKNOWN;

    /** The role named on the wire; {@link #UNKNOWN} for null or a name this version does not know. */
    public static AssignmentRole of(String wire) {
        return WireEnum.read(AssignmentRole.class, wire, UNKNOWN, UNKNOWN);
    }
}
