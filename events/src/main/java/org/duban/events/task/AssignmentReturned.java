package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The unit sent its assignment back (退回) with a reason; the supervision office reassigns it. v1. */
public record AssignmentReturned(UUID assignmentId, UUID taskId, UUID unitId, String reason, Instant returnedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
