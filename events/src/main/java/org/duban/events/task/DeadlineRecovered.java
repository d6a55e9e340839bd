package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** After a {@code DeadlineMissed}, the unit caught up: it reported late, completed, or got an extension ({@code how}: REPORTED / COMPLETED / EXTENDED). v1. */
public record DeadlineRecovered(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, String dueKind, String how, Instant recoveredAt) implements DomainEvent {
    /** The due kind, typed (FINAL when absent; {@link DueDateKind#UNKNOWN} for a new one, which {@code dueKind()} keeps). */
    public DueDateKind kind() {
        return DueDateKind.of(dueKind);
    }

    /** How it was recovered, typed ({@link Recovery#UNKNOWN} for a way this version does not know; {@code how()} keeps it). */
    public Recovery recovery() {
        return Recovery.of(how);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
