package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The county asks the province for a later deadline on a provincial task (延期申请); province-gateway sends {@code EXTENSION_REQUEST}. Keyed by the provincial task's id. v1. */
public record ProvincialExtensionRequested(UUID requestId, UUID taskId, String provTaskId, Instant currentDueAt,
        Instant requestedDueAt, String reason, String requestedBy, Instant requestedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
