package org.duban.events.supervision;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The inspector re-checked (复核) and closed the rectification; {@code reopened} true means it was sent back instead and stays open. Keyed by inspection id. v1. */
public record RectificationClosed(UUID rectificationId, UUID inspectionId, UUID unitId, boolean reopened, String note, Instant closedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
