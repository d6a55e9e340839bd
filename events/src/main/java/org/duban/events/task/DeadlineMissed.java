package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** An assignment passed its deadline without completion. Emitted once per (assignment, due date). v1. */
public record DeadlineMissed(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, Instant detectedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
