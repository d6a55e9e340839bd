package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/** The province urged the county on a task (催办, {@code URGE}): why, and by when it wants an answer (null: no date). Keyed by provTaskId. v1. */
public record ProvincialTaskUrged(String messageId, String provTaskId, String reason, Instant replyBy, Instant urgedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
