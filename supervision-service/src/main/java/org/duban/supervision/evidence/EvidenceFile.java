package org.duban.supervision.evidence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.duban.platform.evidence.StoredFile;

/**
 * One evidence file (整改佐证材料) of a rectification: uploaded by its unit, then attached to the rectification report that
 * names it. The bytes are in {@code evidence_chunk} (platform's {@link org.duban.platform.evidence.EvidenceStore}); this
 * row holds the file's own columns ({@link StoredFile}) and what it belongs to.
 */
@Entity
@Table(name = "evidence_file")
public class EvidenceFile extends StoredFile {

    @Column(name = "rectification_id")
    public UUID rectificationId;
    @Column(name = "inspection_id")
    public UUID inspectionId;
    /** Null until a report names it; then the time of that report (a reopened rectification is reported again). */
    @Column(name = "reported_at")
    public Instant reportedAt;
}
