package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * The lead unit (or the supervision office) reviewed (复核) a co-unit's latest report: approved, or sent back with
 * the reason, the assignment being worked on again. v1.
 */
public record ReportReviewed(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, boolean approved, String note,
        String reviewedBy, Instant reviewedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
