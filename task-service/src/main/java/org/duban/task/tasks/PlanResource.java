package org.duban.task.tasks;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.task.assignment.Assignment;
import org.duban.task.importer.PlanWriter;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.PlanViews;
import org.duban.task.OpenApiTags;

/**
 * Plans and their tasks, read: {@code GET /api/plans}, {@code GET /api/plans/{id}} (annexes, sections, task counts),
 * {@code GET /api/tasks} (filter by plan, section, unit, status, overdue), {@code GET /api/tasks/{id}}; and
 * {@code PUT /api/tasks/{id}/upstream}, a supervisor's correction of the provincial task a county task implements.
 * Supervisors and leaders read everything; a unit officer reads only work that names or is assigned to its unit.
 */
@Path("/api")
public class PlanResource {

    public record UpstreamChange(@NotNull UUID upstreamTaskId) {
    }

    @jakarta.inject.Inject
    org.duban.platform.audit.AuditTrail audit;

    @Inject
    CallerUnit caller;

    @Inject
    TaskQueries queries;

    @Inject
    PlanWriter plans;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    DueDateRevision dueDateRevision;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @GET
    @Path("plans")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.PLANS, description = OpenApiTags.PLANS_TEXT)
    @Operation(operationId = "listPlans", summary = "方案列表 — list plans", description = "Supervisors, leaders, unit officers (only "
            + "plans with work of their unit). Each imported plan with its 文号, level, date and number of tasks, in import order. "
            + "Changes nothing.")
    public List<PlanViews.PlanSummary> list() {
        String where = "";
        UUID unit = officerUnit();
        if (unit != null) {
            where = " where exists (select 1 from Task t where t.planId = p.id and (exists (select 1 from TaskUnit tu where tu.taskId = t.id"
                    + " and tu.unitId = :unit) or exists (select 1 from Assignment au where au.taskId = t.id and au.unitId = :unit)))";
        }
        var q = em.createQuery("select p from Plan p" + where + " order by p.importedAt, p.title", Plan.class);
        if (unit != null) {
            q.setParameter("unit", unit);
        }
        return q.getResultList().stream().map(p -> new PlanViews.PlanSummary(p.id, p.title, p.documentNumber, p.level, p.issuedOn,
                p.importedAt, Task.count("planId", p.id))).toList();
    }

    @GET
    @Path("plans/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.PLANS, description = OpenApiTags.PLANS_TEXT)
    @Operation(operationId = "getPlan", summary = "Read a plan", description = "Supervisors, leaders, unit officers whose unit "
            + "has work in it. The plan with its annexes (附件), sections and tasks counted. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No plan with this id")
    @APIResponseSchema(value = PlanViews.PlanView.class, responseCode = "200", responseDescription = "OK")
    public PlanViews.PlanView plan(@PathParam("id") UUID id) {
        Plan plan = Plan.findById(id);
        if (plan == null) {
            throw Problem.notFound("no plan " + id);
        }
        UUID unit = officerUnit();
        if (unit != null && queries.find(new TaskQueries.Filter(id, null, unit, null, null, clock.instant(), 0, 1)).isEmpty()) {
            throw Problem.forbidden("plan " + id + " has no work of the unit in the token's unit_id claim");
        }
        return plans.view(plan);
    }

    @GET
    @Path("tasks")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "listTasks", summary = "任务清单 — list tasks", description = "Supervisors, leaders, unit officers (only "
            + "their unit's work). Filtered by plan, section, unit, assignment status (ASSIGNED, IN_PROGRESS, RETURNED …; returns "
            + "already reassigned are not RETURNED) and overdue, paged (`offset`, `limit` ≤ 1000). Changes nothing.")
    @APIResponse(responseCode = "400", description = "An unknown status, or offset/limit out of range")
    @APIResponseSchema(value = PlanViews.TaskView[].class, responseCode = "200", responseDescription = "OK")
    public List<PlanViews.TaskView> tasks(@QueryParam("planId") UUID planId, @QueryParam("sectionId") UUID sectionId,
            @QueryParam("unitId") UUID unitId, @QueryParam("status") String status, @QueryParam("overdue") Boolean overdue,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("200") int limit) {
        UUID own = officerUnit();
        if (own != null) {
            if (unitId != null && !unitId.equals(own)) {
                throw Problem.forbidden("a unit officer reads only its own unit's work (unit_id " + own + ")");
            }
            unitId = own;
        }
        Assignment.Status st = null;
        if (status != null && !status.isBlank()) {
            try {
                st = Assignment.Status.valueOf(status.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw Problem.invalidField("status", "unknown status “" + status + "”: one of "
                        + java.util.Arrays.toString(Assignment.Status.values()));
            }
        }
        if (offset < 0) {
            throw Problem.invalidField("offset", "must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw Problem.invalidField("limit", "must be between 1 and 1000");
        }
        return queries.find(new TaskQueries.Filter(planId, sectionId, unitId, st, overdue, clock.instant(), offset, limit));
    }

    @GET
    @Path("tasks/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "getTask", summary = "Read a task", description = "Supervisors, leaders, unit officers whose unit "
            + "it names or holds. The task with its number (with its annex), text, due date, units, milestones and assignments. "
            + "Changes nothing.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public PlanViews.TaskView task(@PathParam("id") UUID id) {
        Task task = Task.findById(id);
        if (task == null) {
            throw Problem.notFound("no task " + id);
        }
        UUID own = officerUnit();
        if (own != null && !queries.concerns(id, own)) {
            throw Problem.forbidden("task " + id + " is not work of the unit in the token's unit_id claim");
        }
        return queries.views(List.of(task)).get(0);
    }

    /**
     * A supervisor confirms or corrects the upstream task a task implements (a provincial or city task for a county's);
     * the link is then confirmed. The upstream task must belong to a plan of a higher level than the task's own.
     */
    /**
     * 完成时限 set in bulk: a section's tasks or listed tasks of the plan take a new due date (end of that day in Beijing),
     * with a reason; each open assignment moves and its unit is told ({@code DueDateChanged}). For a plan adopted under
     * way, whose printed dates have passed (the import's {@code dueBeforeAdoption} lists them).
     */
    @POST
    @Path("plans/{id}/due-dates")
    @RolesAllowed(Roles.SUPERVISOR)
    @Tag(name = OpenApiTags.PLANS, description = OpenApiTags.PLANS_TEXT)
    @Operation(operationId = "reviseDueDates", summary = "调整完成时限 — set due dates in bulk",
            description = "Supervisors only. A section's tasks, or listed tasks of the plan, take a new 完成时限 (`dueOn`: the end "
            + "of that day in Beijing time) with a reason; each open assignment moves and its unit is told. For a plan adopted "
            + "under way whose printed dates have passed (the import's `dueBeforeAdoption`). Announces DueDateChanged for each "
            + "moved assignment.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = DueDateRevision.Revision.class),
            examples = @ExampleObject(name = "a section re-dated", value = """
            {"sectionId": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "dueOn": "2027-03-31", "reason": "方案于2026年12月7日启用，原定时限已过，统一调整"}""")))
    @APIResponse(responseCode = "404", description = "No plan with this id")
    @APIResponseSchema(value = DueDateRevision.Revised.class, responseCode = "200", responseDescription = "What moved")
    public DueDateRevision.Revised reviseDueDates(@PathParam("id") UUID id,
            @jakarta.validation.Valid @NotNull DueDateRevision.Revision revision) {
        return dueDateRevision.revise(id, revision, identity.getPrincipal().getName() + " (supervisor)");
    }

    @PUT
    @Path("tasks/{id}/upstream")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "correctUpstreamTask", summary = "Confirm or correct the provincial task a task implements",
            description = "Supervisors only. Links the task to the task of a higher-level plan (provincial or city) it implements; "
            + "the link is then confirmed and progress rolls up to it.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView correctUpstream(@PathParam("id") UUID id, @jakarta.validation.Valid @NotNull UpstreamChange change) {
        Task task = Task.findById(id);
        if (task == null) {
            throw Problem.notFound("no task " + id);
        }
        Task upstream = Task.findById(change.upstreamTaskId());
        if (upstream == null) {
            throw Problem.invalidField("upstreamTaskId", "no task " + change.upstreamTaskId());
        }
        Plan upstreamPlan = upstream.planId == null ? null : Plan.findById(upstream.planId);
        Plan own = task.planId == null ? null : Plan.findById(task.planId);
        Plan.Level ownLevel = own == null ? Plan.Level.COUNTY : own.level;
        if (upstreamPlan == null || !upstreamPlan.level.isAbove(ownLevel)) {
            throw Problem.invalidField("upstreamTaskId", "task " + upstream.id + " is not a task of a plan above this "
                    + ownLevel + " task's (a provincial or city plan for a county's)");
        }
        if (upstream.id.equals(task.id)) {
            throw Problem.invalidField("upstreamTaskId", "a task cannot implement itself");
        }
        audit.record("task.upstream", "TASK", task.id, org.duban.platform.audit.AuditTrail.fields("upstreamTaskId", task.upstreamTaskId), org.duban.platform.audit.AuditTrail.fields("upstreamTaskId", upstream.id));
        task.upstreamTaskId = upstream.id;
        task.upstreamConfirmed = true;
        return queries.views(List.of(task)).get(0);
    }

    /** The unit a unit officer is limited to; null for roles that read everything. */
    private UUID officerUnit() {
        if (!caller.isUnitOfficer()) {
            return null;
        }
        return caller.unitId().orElseThrow(() -> Problem.forbidden("the token names no unit (unit_id claim)"));
    }
}
