package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The supervision office returned a provincial task to the province (退回) with a reason; province-gateway sends {@code RETURN}. Keyed by the provincial task's id. v1. */
public record ProvincialTaskReturned(UUID taskId, String provTaskId, String reason, String returnedBy, Instant returnedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
