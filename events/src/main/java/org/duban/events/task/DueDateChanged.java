package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * An open assignment's due date moved without anyone asking for it: a deadline counted in working days ({@code 5个工作日内})
 * in a year the working-day calendar did not know (weekends only) was counted again when an admin entered that year
 * ({@code reason} says which year and why). {@code dueKind}: FINAL. v1.
 */
public record DueDateChanged(UUID assignmentId, UUID taskId, UUID unitId, String dueKind, Instant oldDueAt, Instant newDueAt,
        String reason, Instant changedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
