package org.duban.events.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A bulletin (通报) for a period was published; it is immutable from now on. Keyed by bulletin id. v1. */
public record BulletinPublished(UUID bulletinId, String title, LocalDate periodStart, LocalDate periodEnd, UUID planId,
        List<UUID> laggingUnitIds, Instant publishedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return bulletinId.toString();
    }
}
