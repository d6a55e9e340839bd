package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * An assignment passed a due date without the work done. Emitted once per (assignment, due date, kind). {@code dueKind} ({@link DueKind}) says which due date: FINAL (the
 * assignment's deadline), MILESTONE (a milestone of the task; {@code dueLabel} names it) or REPORT (a periodic
 * progress report of ongoing work, {@code dueLabel} names the period). v1.
 */
public record DeadlineMissed(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, Instant detectedAt, String dueKind,
        String dueLabel) implements DomainEvent {

    /** The assignment's final deadline. */
    public DeadlineMissed(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, Instant detectedAt) {
        this(assignmentId, taskId, unitId, dueAt, detectedAt, DueKind.FINAL, null);
    }

    /** The due kind, typed (FINAL when absent; {@link DueDateKind#UNKNOWN} for a new one, which {@code dueKind()} keeps). */
    public DueDateKind kind() {
        return DueDateKind.of(dueKind);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
