package org.duban.events.supervision;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The unit reported its rectification done. Keyed by inspection id. v1. */
public record RectificationReported(UUID rectificationId, UUID inspectionId, UUID unitId, String narrative, Instant reportedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
