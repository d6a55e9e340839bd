package org.duban.events.unit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A unit's contacts or its webhook URL changed; the lists are the whole new state, not a diff. v1. */
public record UnitContactsChanged(UUID unitId, List<Contact> contacts, String webhookUrl, Instant changedAt)
        implements DomainEvent {
    public UnitContactsChanged {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
