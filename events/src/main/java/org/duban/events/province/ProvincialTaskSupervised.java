package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/** The province put a task under supervision (督办, {@code SUPERVISE}) at a level, {@code YELLOW} or {@code RED}. Keyed by provTaskId. v1. */
public record ProvincialTaskSupervised(String messageId, String provTaskId, String level, String reason, Instant supervisedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
