package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The supervision office signed for a provincial task (签收); province-gateway sends {@code RECEIPT}. {@code acceptedBy} is the actor (token subject, or {@code auto} when the setting signs by itself). Keyed by the provincial task's id. v1. */
public record ProvincialTaskAccepted(UUID taskId, String provTaskId, String acceptedBy, Instant acceptedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
