package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * Open work moved from one unit to another, e.g. when unit-service merged {@code fromUnitId} into
 * {@code toUnitId} (机构合并). {@code toAssignmentId} equals {@code assignmentId} when the assignment itself
 * moved; it names the receiving unit's own assignment when that unit already held the task in the same role
 * (the moved one is then withdrawn). v1.
 */
public record AssignmentTransferred(UUID assignmentId, UUID taskId, String taskTitle, UUID fromUnitId, UUID toUnitId,
        UUID toAssignmentId, String role, Instant dueAt, String reason, Instant transferredAt) implements DomainEvent {
    /** The role, typed ({@link AssignmentRole#UNKNOWN} for a value this version does not know; {@code role()} keeps it). */
    public AssignmentRole assignmentRole() {
        return AssignmentRole.of(role);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
