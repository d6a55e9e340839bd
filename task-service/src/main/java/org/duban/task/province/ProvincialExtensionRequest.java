package org.duban.task.province;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The county's request to the province for a later deadline (延期申请) and the province's decision (延期批复). */
@Entity
@Table(name = "provincial_extension_request")
public class ProvincialExtensionRequest extends PanacheEntityBase {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProvincialExtensionStatus")
    public enum Status {
        PENDING, APPROVED, REJECTED
    }

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "current_due_at")
    public Instant currentDueAt;
    @Column(name = "requested_due_at")
    public Instant requestedDueAt;
    public String reason;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decision_note")
    public String decisionNote;
    @Column(name = "decided_due_at")
    public Instant decidedDueAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_message_id")
    public String decisionMessageId;
}
