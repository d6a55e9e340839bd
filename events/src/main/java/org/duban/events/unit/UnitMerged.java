package org.duban.events.unit;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * Unit {@code unitId} was merged into {@code survivorId} (机构合并) and is no longer active. Its open work
 * moves to the survivor downstream (task-service moves open assignments). Keyed by the absorbed unit. v1.
 */
public record UnitMerged(UUID unitId, String name, UUID survivorId, String survivorName, Instant mergedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
