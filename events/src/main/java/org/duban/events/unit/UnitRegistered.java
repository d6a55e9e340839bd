package org.duban.events.unit;

import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A unit (单位) entered the registry. v1. */
public record UnitRegistered(UUID unitId, String name, List<String> aliases, String kind, String level, UUID parentId)
        implements DomainEvent {
    public UnitRegistered {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
