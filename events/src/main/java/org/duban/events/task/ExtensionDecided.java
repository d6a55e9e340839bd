package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The supervision office approved or rejected an extension request; {@code dueAt} is the due date now in force. v1. */
public record ExtensionDecided(UUID requestId, UUID assignmentId, UUID taskId, UUID unitId, boolean approved, Instant dueAt, String note,
        Instant decidedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
