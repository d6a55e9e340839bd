package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A unit reported progress (反馈) on its assignment. v1. */
public record ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
        String narrative, Instant reportedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
