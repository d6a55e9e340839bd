package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * 延期申请: a unit asks for a later due date; the supervision office approves or rejects it, or the request is closed
 * WITHDRAWN with its work (撤销交办). Every request is kept.
 */
@Entity
@Table(name = "extension_request")
public class ExtensionRequest extends PanacheEntityBase {

    @Schema(name = "ExtensionStatus")
    public enum Status {
        PENDING, APPROVED, REJECTED,
        /** Still pending when its assignment was withdrawn (撤销交办): closed with the work, never decided on its merits. */
        WITHDRAWN
    }

    @Id
    public UUID id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String reason;
    @Column(name = "current_due_at")
    public Instant currentDueAt;
    @Column(name = "requested_due_at")
    public Instant requestedDueAt;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decision_note")
    public String decisionNote;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    /** Optimistic lock (V30): a decision from an older reading of the request fails instead of overwriting another. */
    @Version
    public long version;
}
