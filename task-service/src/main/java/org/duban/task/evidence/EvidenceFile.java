package org.duban.task.evidence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One evidence file (佐证材料) of an assignment: uploaded by its unit, then attached to the progress report that names it.
 * The bytes are in {@code evidence_chunk} ({@link EvidenceStore}); this row holds what the events and the lists show.
 */
@Entity
@Table(name = "evidence_file")
public class EvidenceFile extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    /** Null until a report names it. */
    @Column(name = "report_id")
    public UUID reportId;
    /** As the client named it, without any directory part. */
    public String name;
    /** As detected from the bytes (never the client's word). */
    @Column(name = "content_type")
    public String contentType;
    public long size;
    /** Hex, lower case. */
    public String sha256;
    /** Hex, lower case (GB/T 32905). */
    public String sm3;
    public int chunks;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    @Column(name = "attached_at")
    public Instant attachedAt;
    @Column(name = "discarded_by")
    public String discardedBy;
    @Column(name = "discarded_at")
    public Instant discardedAt;
}
