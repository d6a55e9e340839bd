package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The unit signed for its assignment (签收). v1. */
public record AssignmentAccepted(UUID assignmentId, UUID taskId, UUID unitId, Instant acceptedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
