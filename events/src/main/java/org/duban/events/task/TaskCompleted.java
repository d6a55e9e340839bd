package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** An assignment was closed as done (办结销号); {@code taskClosed} when it was the task's last open assignment. {@code onTime} compares completion with the due date in force (always true for ongoing work). v1. */
public record TaskCompleted(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, boolean onTime, boolean taskClosed,
        Instant completedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
