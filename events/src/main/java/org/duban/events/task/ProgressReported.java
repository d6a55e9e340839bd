package org.duban.events.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * A unit reported progress (反馈) on its assignment. {@code period} names the reporting period it covers
 * (e.g. {@code 2021-Q3}; null when none was given); {@code consolidated} marks the lead unit's report for the
 * whole task. {@code evidenceFiles} lists the evidence files (佐证材料) attached to the report <em>by reference</em>
 * (id, name, size, content type, SHA-256 and SM3 of the bytes); the bytes stay in task-service and are downloaded
 * with {@code GET /api/evidence/{id}} by those who may read the report. Null in events written before the field
 * existed, and when nothing is attached. v1.
 */
public record ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
        String narrative, Instant reportedAt, String period, boolean consolidated, List<EvidenceFile> evidenceFiles)
        implements DomainEvent {

    /** One attached file, by reference: never its bytes (docs/events.md). */
    public record EvidenceFile(UUID id, String name, long size, String contentType, String sha256, String sm3) {
    }

    public ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
            String narrative, Instant reportedAt, String period, boolean consolidated) {
        this(reportId, assignmentId, taskId, unitId, percentComplete, narrative, reportedAt, period, consolidated, null);
    }

    public ProgressReported(UUID reportId, UUID assignmentId, UUID taskId, UUID unitId, int percentComplete,
            String narrative, Instant reportedAt) {
        this(reportId, assignmentId, taskId, unitId, percentComplete, narrative, reportedAt, null, false, null);
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
