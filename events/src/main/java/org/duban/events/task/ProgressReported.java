package org.duban.events.task;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * A unit reported progress (反馈) on its assignment. {@code period} names the reporting period it covers
 * (e.g. {@code 2021-Q3}; null when none was given); {@code consolidated} marks the lead unit's report for the
 * whole task. v1.
 */
public record ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
        String narrative, Instant reportedAt, String period, boolean consolidated) implements DomainEvent {

    public ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
            String narrative, Instant reportedAt) {
        this(reportId, assignmentId, taskId, unitId, percentComplete, narrative, reportedAt, null, false);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
