package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * 撤销交办: the supervision office withdrew an assignment (a mistaken one, or work no longer needed) with a reason; it
 * is WITHDRAWN for good and no unit holds it in its place. Its announced misses are closed by {@code DeadlineRecovered}
 * with {@code how} WITHDRAWN in the same change. {@code fromStatus} is the state it was withdrawn from (open work, or
 * RETURNED work the office decided not to reassign); {@code withdrawnBy} the actor. v1; new fields nullable.
 */
public record AssignmentWithdrawn(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, String fromStatus,
        String reason, String withdrawnBy, Instant withdrawnAt) implements DomainEvent {
    /** The role, typed ({@link AssignmentRole#UNKNOWN} for a value this version does not know; {@code role()} keeps it). */
    public AssignmentRole assignmentRole() {
        return AssignmentRole.of(role);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
