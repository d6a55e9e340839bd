package org.duban.events.supervision;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A finding orders the unit to rectify (整改) by {@code dueAt}. Keyed by inspection id. v1. */
public record RectificationOrdered(UUID rectificationId, UUID findingId, UUID inspectionId, UUID unitId, String requirement, Instant dueAt,
        Instant orderedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
