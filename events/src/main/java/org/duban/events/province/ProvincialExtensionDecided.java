package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/** The province decided the county's extension request (延期批复, {@code EXTENSION_DECISION}); {@code dueAt} is the deadline in force after it. Keyed by provTaskId. v1. */
public record ProvincialExtensionDecided(String messageId, String provTaskId, String requestMessageId, boolean approved,
        Instant dueAt, String note, Instant decidedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
