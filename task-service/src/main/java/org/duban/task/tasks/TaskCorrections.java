package org.duban.task.tasks;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.duban.task.assignment.Assigning;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.LeadUnits;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.plan.Task;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Designation;
import org.duban.task.plan.PlanViews;
import org.duban.task.plan.Role;
import org.duban.task.OpenApiTags;

/**
 * What the importer leaves for people to settle: groups to be designated (待明确, e.g. 各乡镇人民政府 before any
 * township is registered), milestones proposed from a task's text (待确认), and a task's own reporting cadence.
 * The supervision office settles everything; a lead unit's officer may designate the units of a task its unit leads.
 */
@Path("/api")
public class TaskCorrections {

    /** The units that take over a group's share of the task. */
    public record DesignatedUnits(@NotEmpty List<@NotNull UUID> unitIds) {
    }

    /** Confirms a proposed milestone, optionally correcting its date or target. */
    public record MilestoneConfirmation(Instant dueAt, @DecimalMin("0") BigDecimal targetQuantity) {
    }

    /** An ISO-8601 period, e.g. {@code P1M} for monthly reports (每月报送). */
    public record Cadence(@NotBlank String reportingCadence) {
    }

    @Schema(name = "PendingDesignation", description = "A group's share of a task whose units are (or were) to be named")
    public record DesignationLine(UUID id, UUID taskId, String taskNumber, String taskText, UUID groupId, String group,
            Role role, Designation.Status status, Instant createdAt, Instant designatedAt, List<UUID> assignmentIds) {
    }

    @jakarta.inject.Inject
    org.duban.platform.audit.AuditTrail audit;

    @Inject
    CallerUnit caller;

    @Inject
    Assigning assigning;

    @Inject
    TaskQueries queries;

    @Inject
    Clock clock;

    @Inject
    DeadlineWatcher watcher;

    @Inject
    DesignationCheck designationCheck;

    @Inject
    JsonWebToken token;

    /** The work still to be designated (or, with {@code status=DESIGNATED}, what was designated). */
    @GET
    @Path("designations")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.DESIGNATIONS, description = OpenApiTags.DESIGNATIONS_TEXT)
    @Operation(operationId = "listDesignations", summary = "待明确 — work to be designated",
            description = "Supervisors, leaders, and lead units' officers (for tasks their unit leads). The groups a task names "
            + "whose units are still to be named (e.g. 各乡镇人民政府 before any township is registered), or with `status=DESIGNATED` "
            + "those already named; optionally one plan's. Changes nothing.")
    public List<DesignationLine> designations(@QueryParam("status") Designation.Status status, @QueryParam("planId") UUID planId) {
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
     * Names the units for a group's share of a task: each gets an assignment in the group's role
     * ({@code TaskAssigned}); a unit that already holds the task in that role is not assigned twice.
     */
    @POST
    @Path("designations/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.DESIGNATIONS, description = OpenApiTags.DESIGNATIONS_TEXT)
    @Operation(operationId = "designateUnits", summary = "明确责任单位 — name the units for a group's share",
            description = "Supervisors, or the officer of the task's lead unit. Each named unit gets an assignment in the group's "
            + "role (a unit already holding it is not assigned twice). Announces TaskAssigned for each.")
    @APIResponse(responseCode = "404", description = "No designation with this id")
    @APIResponse(responseCode = "409", description = "The designation was already made; the problem names the `state` and `version` it met")
    @APIResponseSchema(value = DesignationLine.class, responseCode = "200", responseDescription = "The designation, with the assignments it created")
    public DesignationLine designate(@PathParam("id") UUID id, @Valid @NotNull DesignatedUnits request) {
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
        List<UUID> named = List.copyOf(new LinkedHashSet<>(request.unitIds()));
        designationCheck.check(d.groupId, d.groupName, request.unitIds(), token.getRawToken());
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
        audit.record("designation.designate", "DESIGNATION", d.id, null, org.duban.platform.audit.AuditTrail.fields("taskId", task.id, "unitIds", named, "assignmentIds", created));
        return line(d, task, created);
    }

    /** A supervisor confirms a milestone proposed from the task's text; the deadline watcher then watches it. */
    @PUT
    @Path("tasks/{taskId}/milestones/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "confirmMilestone", summary = "确认节点 — confirm a milestone",
            description = "Supervisors only. A milestone proposed from the task's text becomes CONFIRMED, with its date or target "
            + "corrected if given; the deadline watcher then watches it (DeadlineApproaching/DeadlineMissed).")
    @APIResponse(responseCode = "404", description = "No such task, or the task has no such milestone")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView confirmMilestone(@PathParam("taskId") UUID taskId, @PathParam("id") UUID id,
            @Valid MilestoneConfirmation confirmation) {
        Milestone m = milestone(taskId, id);
        if (confirmation != null && confirmation.dueAt() != null) {
            m.dueAt = confirmation.dueAt();
        }
        if (confirmation != null && confirmation.targetQuantity() != null) {
            m.targetQuantity = confirmation.targetQuantity();
        }
        if (m.dueAt == null && m.source == Milestone.Source.TASK_TEXT) {
            throw Problem.invalidField("dueAt", "the proposed milestone “" + m.label + "” has no date; give one to confirm it");
        }
        m.status = Milestone.Status.CONFIRMED;
        audit.record("milestone.confirm", "MILESTONE", m.id, null, org.duban.platform.audit.AuditTrail.fields("taskId", taskId, "label", m.label, "dueAt", m.dueAt, "targetQuantity", m.targetQuantity));
        watcher.announceMilestone(taskId, m.id, clock.instant());
        return queries.views(List.of(Task.<Task> findById(taskId))).get(0);
    }

    /** A supervisor dismisses a proposed milestone (a date in the text that is no target); confirmed ones stay. */
    @DELETE
    @Path("tasks/{taskId}/milestones/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "dismissMilestone", summary = "Dismiss a proposed milestone",
            description = "Supervisors only. A proposed milestone that is no target (a date in the text) is removed; confirmed ones stay.")
    @APIResponse(responseCode = "404", description = "No such task, or the task has no such milestone")
    @APIResponse(responseCode = "409", description = "The milestone is confirmed, not proposed; the problem names the `state` "
            + "and `version` it met")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView dismissMilestone(@PathParam("taskId") UUID taskId, @PathParam("id") UUID id) {
        Milestone m = milestone(taskId, id);
        if (m.status != Milestone.Status.PROPOSED) {
            throw Problem.conflict("milestone " + id + " is " + m.status + "; only a proposed milestone can be dismissed")
                    .with("state", m.status.name());
        }
        audit.record("milestone.delete", "MILESTONE", m.id, org.duban.platform.audit.AuditTrail.fields("taskId", taskId, "label", m.label, "status", m.status), null);
        m.delete();
        return queries.views(List.of(Task.<Task> findById(taskId))).get(0);
    }

    /** A supervisor sets how often ongoing work (持续推进) of this task is reported; the plan's cadence otherwise. */
    @PUT
    @Path("tasks/{taskId}/cadence")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "setReportingCadence", summary = "报送频次 — set a task's reporting cadence",
            description = "Supervisors only. How often ongoing work (持续推进) of this task is reported, as an ISO-8601 period (P1M "
            + "monthly, P3M quarterly, at most a year); the plan's cadence otherwise. The deadline watcher counts report periods from it.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView setCadence(@PathParam("taskId") UUID taskId, @Valid @NotNull Cadence request) {
        Task task = Task.findById(taskId);
        if (task == null) {
            throw Problem.notFound("no task " + taskId);
        }
        Period cadence;
        try {
            cadence = Period.parse(request.reportingCadence().strip());
        } catch (DateTimeException e) {
            throw Problem.invalidField("reportingCadence", "“" + request.reportingCadence() + "” is not an ISO-8601 period such as P1M");
        }
        if (cadence.isNegative() || cadence.isZero() || cadence.getYears() > 1 || cadence.toTotalMonths() > 12) {
            throw Problem.invalidField("reportingCadence", "must be a positive period of at most one year, e.g. P1M or P3M");
        }
        audit.record("task.cadence", "TASK", task.id, org.duban.platform.audit.AuditTrail.fields("reportingCadence", task.reportingCadence), org.duban.platform.audit.AuditTrail.fields("reportingCadence", cadence));
        task.reportingCadence = cadence;
        watcher.announceNewCadence(task.id, clock.instant());
        return queries.views(List.of(task)).get(0);
    }

    private static Milestone milestone(UUID taskId, UUID id) {
        Milestone m = Milestone.findById(id);
        if (m == null || !m.taskId.equals(taskId)) {
            throw Problem.notFound("task " + taskId + " has no milestone " + id);
        }
        return m;
    }

    private boolean callerLeads(UUID taskId) {
        return caller.unitId().map(unit -> LeadUnits.leads(taskId, unit)).orElse(false);
    }

    private static DesignationLine line(Designation d, Task task, List<UUID> created) {
        return new DesignationLine(d.id, task.id, task.number, task.title, d.groupId, d.groupName, d.role, d.status, d.createdAt,
                d.designatedAt, created);
    }
}
