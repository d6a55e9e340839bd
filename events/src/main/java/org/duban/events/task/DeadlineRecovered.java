package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** After a {@code DeadlineMissed}, the unit caught up: it reported late, completed, or got an extension ({@code how}: REPORTED / COMPLETED / EXTENDED). v1. */
public record DeadlineRecovered(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, String dueKind, String how, Instant recoveredAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
