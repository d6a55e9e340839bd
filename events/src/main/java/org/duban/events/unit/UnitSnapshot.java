package org.duban.events.unit;

import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * The whole current state of one unit, written after every change to the compacted topic
 * {@code duban.unit.snapshots} (keyed by unit id), so a service can rebuild its replica from scratch by
 * reading that topic from the beginning. {@code version} grows with every change: a replica ignores a
 * snapshot older than what it holds. {@code status} is {@code ACTIVE}, {@code MERGED} (see
 * {@code mergedIntoId}) or {@code DISSOLVED}. v1.
 */
public record UnitSnapshot(UUID unitId, long version, String name, List<String> aliases, String kind, String level,
        UUID parentId, UUID supervisorId, String status, UUID mergedIntoId, List<Contact> contacts, String webhookUrl)
        implements DomainEvent {
    public UnitSnapshot {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
