package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/** The province reviewed the county's completion (复核, {@code REVIEW_RESULT}): {@code PASSED} closes the task (销号), {@code REJECTED} reopens it with remarks. Keyed by provTaskId. v1. */
public record ProvincialTaskReviewed(String messageId, String provTaskId, String result, String remarks, Instant reviewedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
