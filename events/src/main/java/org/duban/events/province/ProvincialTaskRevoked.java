package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/** The province withdrew a task it had issued (撤销, {@code TASK_REVOKE}). Keyed by provTaskId. v1. */
public record ProvincialTaskRevoked(String messageId, String provTaskId, String reason, Instant revokedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
