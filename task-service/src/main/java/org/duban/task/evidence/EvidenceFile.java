package org.duban.task.evidence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.duban.platform.evidence.StoredFile;

/**
 * One evidence file (佐证材料) of an assignment: uploaded by its unit, then attached to the progress report that names it.
 * The bytes are in {@code evidence_chunk} (platform's {@link org.duban.platform.evidence.EvidenceStore}); this row holds
 * what the events and the lists show: the file's own columns ({@link StoredFile}) and what it belongs to.
 */
@Entity
@Table(name = "evidence_file")
public class EvidenceFile extends StoredFile {

    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    /** Null until a report names it. */
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "attached_at")
    public Instant attachedAt;
}
