package org.duban.events.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * The unit reported its rectification done. Keyed by inspection id. v1. {@code evidence} (nullable, issue 24): the evidence
 * files (整改佐证材料) the report attached, by reference only, never their bytes; downloaded from supervision-service
 * {@code GET /api/evidence/{id}} by those who may read the report.
 */
public record RectificationReported(UUID rectificationId, UUID inspectionId, UUID unitId, String narrative, Instant reportedAt,
        List<EvidenceFile> evidence) implements DomainEvent {

    /** One attached file: its id, the name the unit gave, size in bytes, type read from its bytes, digests (hex, lower case). */
    public record EvidenceFile(UUID id, String name, long size, String contentType, String sha256, String sm3) {
    }

    /** A report without evidence files (and the events written before issue 24). */
    public RectificationReported(UUID rectificationId, UUID inspectionId, UUID unitId, String narrative, Instant reportedAt) {
        this(rectificationId, inspectionId, unitId, narrative, reportedAt, null);
    }

    @Override
    public String aggregateId() {
        return inspectionId.toString();
    }
}
