package org.duban.supervision.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.duban.events.supervision.RectificationReported;
import org.duban.platform.evidence.EvidenceFiles;
import org.duban.platform.evidence.EvidenceLimits;
import org.duban.platform.evidence.EvidenceUploadRoute;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.supervision.history.History;
import org.duban.supervision.inspection.Rectification;
import org.duban.supervision.inspection.ReportEvidence;

/**
 * Evidence files of rectification reports (整改佐证材料, issue 24): an upload by the rectification's unit (or the supervision
 * office for it) while the rectification is ORDERED, kept until a report names it ({@link #attach}), then part of that
 * report for good. Read by the supervision office, the leaders and the unit itself; to another unit a file does not exist
 * (404, not 403: no leak of what another unit was told to rectify). Uploads and discards are written to the
 * rectification's history (and so to the audit trail).
 */
@ApplicationScoped
public class RectificationEvidence extends EvidenceFiles<EvidenceFile> implements ReportEvidence {

    static final String UPLOADED = "EVIDENCE_UPLOADED";
    static final String DISCARDED = "EVIDENCE_DISCARDED";

    @Inject
    History history;

    public RectificationEvidence() {
        super(EvidenceFile.class);
    }

    /** Stores an upload (already on disk, size checked by the route) for the rectification; its type is read from its bytes. */
    @Transactional
    public EvidenceFile upload(UUID rectificationId, EvidenceUploadRoute.Upload upload) {
        // the rectification is locked: uploads of one rectification count their waiting files one after the other
        Rectification r = Rectification.findById(rectificationId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !mayRead(r.unitId)) {
            throw Problem.notFound("no rectification " + rectificationId);
        }
        caller.requireMayActFor(r.unitId);
        if (!Rectification.ORDERED.equals(r.status)) {
            throw Problem.conflict("evidence is attached to the report of an open rectification; " + r.rectificationId + " is "
                    + r.status).with("state", r.status);
        }
        EvidenceFile f = stored(new EvidenceFile(), upload, "rectification " + r.rectificationId,
                () -> EvidenceFile.count("rectificationId = ?1 and reportedAt is null and discardedAt is null", r.rectificationId));
        f.rectificationId = r.rectificationId;
        f.inspectionId = r.inspectionId;
        f.unitId = r.unitId;
        f.persist();
        history.record(History.RECTIFICATION, r.rectificationId, UPLOADED, f.uploadedBy, caller.unitId().orElse(null), null,
                History.fields("evidenceFileId", f.id.toString(), "name", f.name, "size", f.size, "sha256", f.sha256), f.uploadedAt);
        return f;
    }

    /**
     * The report of rectification {@code r} at {@code now} attaches these uploads (in the report's transaction): each must
     * be a waiting upload of this rectification; at most {@code max-report-files} of at most {@code max-report-bytes}
     * together (413).
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<RectificationReported.EvidenceFile> attach(Rectification r, List<UUID> ids, Instant now) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        List<RectificationReported.EvidenceFile> refs = new ArrayList<>();
        EvidenceLimits.attach(ids, config, (id, field) -> {
            EvidenceFile f = EvidenceFile.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (f == null || !f.rectificationId.equals(r.rectificationId) || f.discardedAt != null) {
                throw Problem.invalidField(field, "no upload " + id + " on this rectification");
            }
            if (f.reportedAt != null) {
                throw Problem.invalidField(field, "file " + id + " is attached to the report of " + f.reportedAt + " already");
            }
            f.reportedAt = now;
            refs.add(new RectificationReported.EvidenceFile(f.id, f.name, f.size, f.contentType, f.sha256, f.sm3));
            return f.size;
        });
        return refs;
    }

    /** The rectification's files (attached and waiting), for those who may read it; 404 to another unit. */
    @Transactional
    public List<EvidenceFile> ofRectification(UUID rectificationId) {
        Rectification r = Rectification.findById(rectificationId);
        if (r == null || !mayRead(r.unitId)) {
            throw Problem.notFound("no rectification " + rectificationId);
        }
        return EvidenceFile.list("rectificationId = ?1 and discardedAt is null order by uploadedAt, id", r.rectificationId);
    }

    /** A discard is written to the rectification's history (and so to the audit trail). */
    @Override
    protected void discarded(EvidenceFile f) {
        history.record(History.RECTIFICATION, f.rectificationId, DISCARDED, f.discardedBy, caller.unitId().orElse(null),
                History.fields("evidenceFileId", f.id.toString(), "name", f.name), null, f.discardedAt);
    }

    @Override
    protected String attachedTo(EvidenceFile f) {
        return f.reportedAt == null ? null : "the report of " + f.reportedAt;
    }

    @Override
    protected boolean mayRead(EvidenceFile f) {
        return mayRead(f.unitId);
    }

    /** The office and the leaders read every unit's; a unit officer its own unit's only. */
    private boolean mayRead(UUID unitId) {
        if (identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.LEADER)) {
            return true;
        }
        return identity.hasRole(Roles.UNIT_OFFICER) && caller.unitId().map(unitId::equals).orElse(false);
    }
}
