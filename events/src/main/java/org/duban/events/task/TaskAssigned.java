package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.duban.events.DomainEvent;

/**
 * A task was handed to one unit in one role (交办). {@code dueAt} is null for ongoing work (持续推进).
 * {@code planId}, {@code sectionId} and {@code taskNumber} (as printed, e.g. {@code (十一)}) place the task in its
 * plan; they are null for a task created on its own, outside any plan. {@code replacesAssignmentId} names the
 * assignment this one replaces (改派 after 退回); null for new work, and in events written before it existed.
 * {@code completedAtImport} is set when the work was already done when its plan was imported (办结 at import, issue 22):
 * the assignment is completed in the same change, a {@code TaskCompleted} follows, and the unit is not asked to sign
 * for it (no 交办 notice); null for an ordinary 交办 and in events written before the field existed, and left out of the
 * JSON when null so an ordinary assignment's event reads as before. v1.
 */
public record TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
        Instant assignedAt, UUID planId, UUID sectionId, String taskNumber, UUID replacesAssignmentId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAtImport) implements DomainEvent {

    /** An ordinary 交办 (not done at import), possibly replacing a returned assignment. */
    public TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
            Instant assignedAt, UUID planId, UUID sectionId, String taskNumber, UUID replacesAssignmentId) {
        this(assignmentId, taskId, taskTitle, unitId, role, dueAt, assignedAt, planId, sectionId, taskNumber,
                replacesAssignmentId, null);
    }

    /** New work, replacing no assignment. */
    public TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
            Instant assignedAt, UUID planId, UUID sectionId, String taskNumber) {
        this(assignmentId, taskId, taskTitle, unitId, role, dueAt, assignedAt, planId, sectionId, taskNumber, null, null);
    }

    /** A task outside any plan. */
    public TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
            Instant assignedAt) {
        this(assignmentId, taskId, taskTitle, unitId, role, dueAt, assignedAt, null, null, null, null, null);
    }

    /** The role, typed ({@link AssignmentRole#UNKNOWN} for a value this version does not know; {@code role()} keeps it). */
    public AssignmentRole assignmentRole() {
        return AssignmentRole.of(role);
    }

    /** Work already done when its plan was imported: announced for the record, not handed to the unit to sign for. */
    public boolean doneAtImport() {
        return completedAtImport != null;
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
