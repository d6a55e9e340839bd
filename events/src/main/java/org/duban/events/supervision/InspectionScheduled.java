package org.duban.events.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** An inspection (督查) was scheduled: REGULAR or UNANNOUNCED; an unannounced one has {@code announced} false and must not be told to the units before {@code startsAt}. Keyed by inspection id. v1. */
public record InspectionScheduled(UUID inspectionId, String title, String kind, boolean announced, Instant startsAt, List<UUID> unitIds,
        List<UUID> taskIds, Instant scheduledAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
