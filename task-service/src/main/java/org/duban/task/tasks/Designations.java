package org.duban.task.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.duban.platform.audit.AuditTrail;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.task.assignment.Assigning;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.LeadUnits;
import org.duban.task.plan.Designation;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;

/**
 * 待明确: a group's share of a task whose units are still to be named (e.g. 各乡镇人民政府 before any township is
 * registered), listed, and designated by the supervision office or the officer of the task's lead unit: each named unit
 * gets an assignment in the group's role (交办 through {@link Assigning}).
 */
@ApplicationScoped
public class Designations {

    @Schema(name = "PendingDesignation", description = "A group's share of a task whose units are (or were) to be named")
    public record DesignationLine(UUID id, UUID taskId, String taskNumber, String taskText, UUID groupId, String group,
            Role role, Designation.Status status, Instant createdAt, Instant designatedAt, List<UUID> assignmentIds) {
    }

    @Inject
    AuditTrail audit;

    @Inject
    CallerUnit caller;

    @Inject
    Assigning assigning;

    @Inject
    Clock clock;

    @Inject
    DesignationCheck designationCheck;

    /** The work still to be designated (or, with {@code DESIGNATED}, what was), optionally one plan's; a lead unit's own. */
    @Transactional
    public List<DesignationLine> list(Designation.Status status, UUID planId) {
        Designation.Status wanted = status == null ? Designation.Status.PENDING : status;
        List<Designation> rows = Designation.list("status = ?1 order by createdAt, id", wanted);
        List<DesignationLine> lines = new ArrayList<>();
        for (Designation d : rows) {
            Task task = Task.findById(d.taskId);
            if (planId != null && !planId.equals(task.planId)) {
                continue;
            }
            if (caller.isUnitOfficer() && !callerLeads(task.id)) {
                continue;
            }
            lines.add(line(d, task, List.of()));
        }
        return lines;
    }

    /**
     * Names the units for a group's share of a task: each gets an assignment in the group's role ({@code TaskAssigned});
     * a unit that already holds the task in that role is not assigned twice. {@code bearer}: the caller's token, passed
     * on to unit-service to check the units ({@link DesignationCheck}).
     */
    @Transactional
    public DesignationLine designate(UUID id, List<UUID> unitIds, String bearer) {
        Designation d = Designation.findById(id);
        if (d == null) {
            throw Problem.notFound("no designation " + id);
        }
        Task task = Task.findById(d.taskId);
        if (caller.isUnitOfficer() && !callerLeads(task.id)) {
            throw Problem.forbidden("a unit officer designates units only for a task its unit leads (牵头)");
        }
        if (d.status != Designation.Status.PENDING) {
            throw Problem.conflict("designation " + id + " is already " + d.status).with("state", d.status.name());
        }
        List<UUID> named = List.copyOf(new LinkedHashSet<>(unitIds));
        designationCheck.check(d.groupId, d.groupName, unitIds, bearer);
        Instant now = clock.instant();
        List<UUID> created = new ArrayList<>();
        for (UUID unitId : named) {
            boolean holds = Assignment.count("taskId = ?1 and unitId = ?2 and role = ?3 and status <> ?4", task.id, unitId, d.role,
                    Assignment.Status.WITHDRAWN) > 0;
            if (!holds) {
                created.add(assigning.assign(task, unitId, d.role, now).id);
            }
        }
        d.status = Designation.Status.DESIGNATED;
        d.designatedAt = now;
        audit.record("designation.designate", "DESIGNATION", d.id, null, AuditTrail.fields("taskId", task.id, "unitIds", named,
                "assignmentIds", created));
        return line(d, task, created);
    }

    private boolean callerLeads(UUID taskId) {
        return caller.unitId().map(unit -> LeadUnits.leads(taskId, unit)).orElse(false);
    }

    private static DesignationLine line(Designation d, Task task, List<UUID> created) {
        return new DesignationLine(d.id, task.id, task.number, task.title, d.groupId, d.groupName, d.role, d.status, d.createdAt,
                d.designatedAt, created);
    }
}
