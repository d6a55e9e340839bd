package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The unit asked for a later due date (延期申请). v1. */
public record ExtensionRequested(UUID requestId, UUID assignmentId, UUID taskId, UUID unitId, Instant currentDueAt, Instant requestedDueAt,
        String reason, Instant requestedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
