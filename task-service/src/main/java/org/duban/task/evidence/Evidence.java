package org.duban.task.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.duban.events.task.ProgressReported;
import org.duban.platform.evidence.EvidenceFiles;
import org.duban.platform.evidence.EvidenceLimits;
import org.duban.platform.evidence.EvidenceUploadRoute;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.ReportEvidence;
import org.duban.task.plan.Role;

/**
 * Evidence files (佐证材料, issue 24): an upload by the assignment's unit, kept until a progress report names it
 * ({@link #attach}), then part of that report for good. Read by those who may read the report: the unit, the task's
 * current lead unit, supervisors and leaders; to anyone else a file does not exist (404, not 403: no leak of what another
 * unit reported).
 */
@ApplicationScoped
public class Evidence extends EvidenceFiles<EvidenceFile> implements ReportEvidence {

    @Inject
    EntityManager em;

    public Evidence() {
        super(EvidenceFile.class);
    }

    /** Stores an upload (already on disk, size checked by the route) for the assignment; its type is read from its bytes. */
    @Transactional
    public EvidenceFile upload(UUID assignmentId, EvidenceUploadRoute.Upload upload) {
        // the assignment is locked: uploads of one assignment count their pending files one after the other
        Assignment a = em.find(Assignment.class, assignmentId, LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            throw Problem.notFound("no assignment " + assignmentId);
        }
        caller.requireMayActFor(a.unitId);
        if (!Assignment.Status.OPEN.contains(a.status)) {
            throw Problem.conflict("evidence is attached to reports on open work; assignment " + a.id + " is " + a.status)
                    .with("state", a.status.name());
        }
        EvidenceFile f = stored(new EvidenceFile(), upload, "assignment " + a.id,
                () -> EvidenceFile.count("assignmentId = ?1 and reportId is null and discardedAt is null", a.id));
        f.assignmentId = a.id;
        f.taskId = a.taskId;
        f.unitId = a.unitId;
        f.persist();
        return f;
    }

    /**
     * The report {@code reportId} of assignment {@code a} attaches these uploads (called in the report's transaction, with
     * the assignment locked): each must be an upload of this assignment that no report names yet; at most
     * {@code max-report-files} of at most {@code max-report-bytes} together (413). The answer is what the report's
     * {@code ProgressReported} lists, or null when nothing is attached.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ProgressReported.EvidenceFile> attach(Assignment a, UUID reportId, List<UUID> ids, Instant now) {
        if (ids == null || ids.isEmpty()) {
            return null;
        }
        List<ProgressReported.EvidenceFile> refs = new ArrayList<>();
        EvidenceLimits.attach(ids, config, (id, field) -> {
            EvidenceFile f = EvidenceFile.findById(id);
            if (f == null || !f.assignmentId.equals(a.id) || f.discardedAt != null) {
                throw Problem.invalidField(field, "no upload " + id + " on this assignment");
            }
            if (f.reportId != null) {
                throw Problem.invalidField(field, "file " + id + " is attached to report " + f.reportId + " already");
            }
            f.reportId = reportId;
            f.attachedAt = now;
            refs.add(new ProgressReported.EvidenceFile(f.id, f.name, f.size, f.contentType, f.sha256, f.sm3));
            return f.size;
        });
        return refs;
    }

    /** The assignment's files (attached and waiting), for those who may read its reports. */
    @Transactional
    public List<EvidenceFile> ofAssignment(UUID assignmentId) {
        Assignment a = Assignment.findById(assignmentId);
        if (a == null) {
            throw Problem.notFound("no assignment " + assignmentId);
        }
        if (caller.isUnitOfficer() && !callerIs(a.unitId) && !callerLeads(a.taskId)) {
            throw Problem.forbidden("a unit officer reads only its own unit's evidence, or that of a task its unit leads");
        }
        boolean own = !caller.isUnitOfficer() || callerIs(a.unitId);
        return EvidenceFile.<EvidenceFile> list("assignmentId = ?1 and discardedAt is null order by uploadedAt, id", a.id).stream()
                .filter(f -> own || f.reportId != null).toList();
    }

    @Override
    protected String attachedTo(EvidenceFile f) {
        return f.reportId == null ? null : "report " + f.reportId;
    }

    @Override
    protected boolean mayRead(EvidenceFile f) {
        if (identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.LEADER)) {
            return true;
        }
        if (!identity.hasRole(Roles.UNIT_OFFICER)) {
            return false;
        }
        if (callerIs(f.unitId)) {
            return true;
        }
        // the task's current lead unit reads its co-units' reports, so their evidence; an upload no report names is the
        // unit's own business until then
        return f.reportId != null && callerLeads(f.taskId);
    }

    private boolean callerIs(UUID unitId) {
        return caller.unitId().map(unitId::equals).orElse(false);
    }

    /** The caller's unit holds the task as LEAD now (not returned, not withdrawn after a merge). */
    private boolean callerLeads(UUID taskId) {
        return caller.unitId().map(unit -> Assignment.count("taskId = ?1 and unitId = ?2 and role = ?3 and status not in ?4",
                taskId, unit, Role.LEAD, List.of(Assignment.Status.RETURNED, Assignment.Status.WITHDRAWN)) > 0)
                .orElse(false);
    }

    /** The caller's name with its unit, or "(supervisor)". */
    @Override
    protected String actor() {
        String name = identity.getPrincipal().getName();
        return caller.isUnitOfficer() ? name + " (unit " + caller.unitId().map(UUID::toString).orElse("?") + ")"
                : name + (identity.hasRole(Roles.SUPERVISOR) ? " (supervisor)" : "");
    }
}
