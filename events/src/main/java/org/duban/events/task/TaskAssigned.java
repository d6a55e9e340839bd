package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * A task was handed to one unit in one role (交办). {@code dueAt} is null for ongoing work (持续推进).
 * {@code planId}, {@code sectionId} and {@code taskNumber} (as printed, e.g. {@code (十一)}) place the task in its
 * plan; they are null for a task created on its own, outside any plan. {@code replacesAssignmentId} names the
 * assignment this one replaces (改派 after 退回); null for new work, and in events written before it existed. v1.
 */
public record TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
        Instant assignedAt, UUID planId, UUID sectionId, String taskNumber, UUID replacesAssignmentId) implements DomainEvent {

    /** New work, replacing no assignment. */
    public TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
            Instant assignedAt, UUID planId, UUID sectionId, String taskNumber) {
        this(assignmentId, taskId, taskTitle, unitId, role, dueAt, assignedAt, planId, sectionId, taskNumber, null);
    }

    /** A task outside any plan. */
    public TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
            Instant assignedAt) {
        this(assignmentId, taskId, taskTitle, unitId, role, dueAt, assignedAt, null, null, null, null);
    }

    /** The role, typed ({@link AssignmentRole#UNKNOWN} for a value this version does not know; {@code role()} keeps it). */
    public AssignmentRole assignmentRole() {
        return AssignmentRole.of(role);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
