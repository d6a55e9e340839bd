package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** An assignment's deadline is near and it is not completed. v1. */
public record DeadlineApproaching(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, Instant detectedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
