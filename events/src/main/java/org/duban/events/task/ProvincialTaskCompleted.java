package org.duban.events.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** The supervisor confirmed that a provincial task is done (办结): every linked county task is complete. province-gateway sends {@code COMPLETE}. Keyed by the provincial task's id. v1. */
public record ProvincialTaskCompleted(UUID taskId, String provTaskId, String summary, List<String> evidence, String completedBy,
        Instant completedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
