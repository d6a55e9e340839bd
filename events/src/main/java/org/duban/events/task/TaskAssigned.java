package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A task was handed to one unit in one role (交办). {@code dueAt} is null for ongoing work (持续推进). v1. */
public record TaskAssigned(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String role, Instant dueAt,
        Instant assignedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
