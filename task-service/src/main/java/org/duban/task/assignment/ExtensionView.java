package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

/** A 延期申请 with its decision, as the API answers it. */
public record ExtensionView(UUID id, ExtensionRequest.Status status, String reason, Instant currentDueAt,
        Instant requestedDueAt, String requestedBy, Instant requestedAt, String decisionNote, String decidedBy,
        Instant decidedAt, long version) {

    static ExtensionView of(ExtensionRequest r) {
        return new ExtensionView(r.id, r.status, r.reason, r.currentDueAt, r.requestedDueAt, r.requestedBy,
                r.requestedAt, r.decisionNote, r.decidedBy, r.decidedAt, r.version);
    }
}
