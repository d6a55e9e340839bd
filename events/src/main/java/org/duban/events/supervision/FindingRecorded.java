package org.duban.events.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** An inspection recorded a finding about a unit, with evidence references. Keyed by inspection id. v1. */
public record FindingRecorded(UUID findingId, UUID inspectionId, UUID unitId, UUID taskId, String text, List<String> evidence,
        Instant recordedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
