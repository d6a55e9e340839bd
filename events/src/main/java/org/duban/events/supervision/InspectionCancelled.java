package org.duban.events.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * A scheduled inspection (督查) is off, with a reason. {@code announced} as in {@code InspectionScheduled}: the units of
 * an unannounced one were never told of it and are not told of its cancellation. Keyed by inspection id. v1; new
 * fields nullable.
 */
public record InspectionCancelled(UUID inspectionId, String title, String kind, boolean announced, Instant startsAt,
        List<UUID> unitIds, String reason, String cancelledBy, Instant cancelledAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
