package org.duban.platform.evidence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The columns every service's {@code evidence_file} row has: the file's id, the name the client gave, the type read from
 * its bytes, size, digests and chunk count ({@link EvidenceStore}), the unit whose file it is, who uploaded it and when,
 * who discarded it and when. A service's entity extends it with what the file belongs to (an assignment and its report, a
 * rectification and the time of its report): those columns differ in name and type between the services' tables, so they
 * stay in the services (sharing them would rename columns of existing tables).
 */
@MappedSuperclass
public abstract class StoredFile extends PanacheEntityBase {

    @Id
    public UUID id;
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
    /** The unit whose file it is (the owner's unit): it uploads and discards it, and reads it. */
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    @Column(name = "discarded_by")
    public String discardedBy;
    @Column(name = "discarded_at")
    public Instant discardedAt;

    /** Takes what the store wrote and who uploaded it when (the row is persisted by the caller). */
    public void stored(EvidenceStore.Stored stored, String by, Instant at) {
        name = stored.name();
        contentType = stored.contentType();
        size = stored.size();
        chunks = stored.chunks();
        sha256 = stored.sha256();
        sm3 = stored.sm3();
        uploadedBy = by;
        uploadedAt = at;
    }
}
