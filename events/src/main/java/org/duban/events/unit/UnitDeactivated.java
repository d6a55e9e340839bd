package org.duban.events.unit;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A unit was dissolved (撤销) without a successor; no new work can be given to it. v1. */
public record UnitDeactivated(UUID unitId, String name, String reason, Instant deactivatedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
