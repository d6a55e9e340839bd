package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * An open assignment's due date moved without the unit asking for it: a deadline counted in working days ({@code 5个工作日内})
 * in a year the working-day calendar did not know (weekends only) was counted again when an admin entered that year, or
 * the supervision office set a new 完成时限 in bulk (a plan adopted under way); {@code reason} says why. {@code oldDueAt}
 * is null when ongoing work got its first date. {@code dueKind}: FINAL. v1.
 */
public record DueDateChanged(UUID assignmentId, UUID taskId, UUID unitId, String dueKind, Instant oldDueAt, Instant newDueAt,
        String reason, Instant changedAt) implements DomainEvent {
    /** The due kind, typed (FINAL when absent; {@link DueDateKind#UNKNOWN} for a new one, which {@code dueKind()} keeps). */
    public DueDateKind kind() {
        return DueDateKind.of(dueKind);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
