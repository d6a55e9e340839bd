package org.duban.events.unit;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A unit took a new canonical name; the old name stays an alias in the registry. v1. */
public record UnitRenamed(UUID unitId, String oldName, String newName, Instant renamedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
