package org.duban.task.tasks;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;
import org.duban.task.OpenApiTags;
import org.duban.task.assignment.Assigning;
import org.duban.task.assignment.Created;
import org.duban.task.assignment.NewTask;
import org.duban.task.assignment.ReportView;
import org.duban.task.assignment.Reporting;
import org.duban.task.plan.PlanViews;
import org.duban.task.plan.Task;

/**
 * {@code /api/tasks…}: tasks read ({@link TaskQueries}: filtered by plan, section, unit, status, overdue; one task),
 * created with their assignments (交办 outside a plan, {@link Assigning#create}), corrected by the office
 * ({@link TaskCorrections}: upstream task, milestones, reporting cadence), and every report on a task
 * ({@link Reporting#taskReports}). It maps HTTP to those commands and views and reads or writes nothing itself.
 */
@Path("/api/tasks")
public class TaskResource {

    public record UpstreamChange(@NotNull UUID upstreamTaskId) {
    }

    /** Confirms a proposed milestone, optionally correcting its date or target. */
    public record MilestoneConfirmation(Instant dueAt, @DecimalMin("0") BigDecimal targetQuantity) {
    }

    /** An ISO-8601 period, e.g. {@code P1M} for monthly reports (每月报送). */
    public record Cadence(@NotBlank String reportingCadence) {
    }

    @Inject
    TaskQueries queries;

    @Inject
    TaskCorrections corrections;

    @Inject
    Assigning assigning;

    @Inject
    Reporting reporting;

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "listTasks", summary = "任务清单 — list tasks", description = "Supervisors, leaders, unit officers (only "
            + "their unit's work). Filtered by plan, section, unit, assignment status (ASSIGNED, IN_PROGRESS, RETURNED …; returns "
            + "already reassigned are not RETURNED) and overdue, paged (`offset`, `limit` ≤ 1000). Changes nothing.")
    @APIResponse(responseCode = "400", description = "An unknown status, or offset/limit out of range")
    @APIResponseSchema(value = PlanViews.TaskView[].class, responseCode = "200", responseDescription = "OK")
    public List<PlanViews.TaskView> tasks(@QueryParam("planId") UUID planId, @QueryParam("sectionId") UUID sectionId,
            @QueryParam("unitId") UUID unitId, @QueryParam("status") String status, @QueryParam("overdue") Boolean overdue,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("200") int limit) {
        return queries.tasks(planId, sectionId, unitId, status, overdue, offset, limit);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "getTask", summary = "Read a task", description = "Supervisors, leaders, unit officers whose unit "
            + "it names or holds. The task with its number (with its annex), text, due date, units, milestones and assignments. "
            + "Changes nothing.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "OK")
    public PlanViews.TaskView task(@PathParam("id") UUID id) {
        return queries.task(id);
    }

    /** 交办 outside a plan: the task and its assignments ({@link Assigning#create}). */
    @Tag(name = OpenApiTags.ASSIGNMENTS, description = OpenApiTags.ASSIGNMENTS_TEXT)
    @Operation(operationId = "createTask", summary = "交办 — create a task and assign it",
            description = "Supervisors only. A task outside any plan (e.g. a leader's instruction) with its title, 完成时限 (`dueAt`: "
            + "absent means ongoing work, 持续推进; a date alone is the end of that day in Beijing time) and the units that hold it "
            + "(one LEAD, any CO_RESPONSIBLE). Each unit gets an assignment in ASSIGNED; TaskAssigned is announced for each (the "
            + "units are notified).")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewTask.class),
            examples = @ExampleObject(name = "a task for two units", value = """
            {"title": "开展城区背街小巷环境卫生专项整治", "dueAt": "2027-06-30",
             "assignments": [{"unitId": "0b6f0e52-3c1a-4c55-9a5e-1d2f3a4b5c6d", "role": "LEAD"},
                             {"unitId": "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "role": "CO_RESPONSIBLE"}]}""")))
    @APIResponse(responseCode = "201", description = "Created; Location names the task",
            headers = @Header(name = "Location", description = "/api/tasks/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or wrong (e.g. a blank title, no assignments, a unit named "
            + "twice in one role); `errors` names it")
    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(@Valid @NotNull NewTask request) {
        Task task = assigning.create(request);
        return Response.created(URI.create("/api/tasks/" + task.id)).entity(new Created(task.id)).build();
    }


    /**
     * A supervisor confirms or corrects the upstream task a task implements (a provincial or city task for a county's);
     * the link is then confirmed. The upstream task must belong to a plan of a higher level than the task's own.
     */
    @PUT
    @Path("{id}/upstream")
    @RolesAllowed(Roles.SUPERVISOR)
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "correctUpstreamTask", summary = "Confirm or correct the provincial task a task implements",
            description = "Supervisors only. Links the task to the task of a higher-level plan (provincial or city) it implements; "
            + "the link is then confirmed and progress rolls up to it.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView correctUpstream(@PathParam("id") UUID id, @jakarta.validation.Valid @NotNull UpstreamChange change) {
        return corrections.correctUpstream(id, change.upstreamTaskId());
    }

    /** A supervisor confirms a milestone proposed from the task's text; the deadline watcher then watches it. */
    @PUT
    @Path("{taskId}/milestones/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "confirmMilestone", summary = "确认节点 — confirm a milestone",
            description = "Supervisors only. A milestone proposed from the task's text becomes CONFIRMED, with its date or target "
            + "corrected if given; the deadline watcher then watches it (DeadlineApproaching/DeadlineMissed).")
    @APIResponse(responseCode = "404", description = "No such task, or the task has no such milestone")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView confirmMilestone(@PathParam("taskId") UUID taskId, @PathParam("id") UUID id,
            @Valid MilestoneConfirmation confirmation) {
        return corrections.confirmMilestone(taskId, id, confirmation == null ? null : confirmation.dueAt(),
                confirmation == null ? null : confirmation.targetQuantity());
    }

    /** A supervisor dismisses a proposed milestone (a date in the text that is no target); confirmed ones stay. */
    @DELETE
    @Path("{taskId}/milestones/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "dismissMilestone", summary = "Dismiss a proposed milestone",
            description = "Supervisors only. A proposed milestone that is no target (a date in the text) is removed; confirmed ones stay.")
    @APIResponse(responseCode = "404", description = "No such task, or the task has no such milestone")
    @APIResponse(responseCode = "409", description = "The milestone is confirmed, not proposed; the problem names the `state` "
            + "and `version` it met")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView dismissMilestone(@PathParam("taskId") UUID taskId, @PathParam("id") UUID id) {
        return corrections.dismissMilestone(taskId, id);
    }

    /** A supervisor sets how often ongoing work (持续推进) of this task is reported; the plan's cadence otherwise. */
    @PUT
    @Path("{taskId}/cadence")
    @RolesAllowed(Roles.SUPERVISOR)
    @Tag(name = OpenApiTags.TASKS, description = OpenApiTags.TASKS_TEXT)
    @Operation(operationId = "setReportingCadence", summary = "报送频次 — set a task's reporting cadence",
            description = "Supervisors only. How often ongoing work (持续推进) of this task is reported, as an ISO-8601 period (P1M "
            + "monthly, P3M quarterly, at most a year); the plan's cadence otherwise. The deadline watcher counts report periods from it.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = PlanViews.TaskView.class, responseCode = "200", responseDescription = "The task now")
    public PlanViews.TaskView setCadence(@PathParam("taskId") UUID taskId, @Valid @NotNull Cadence request) {
        return corrections.setCadence(taskId, request.reportingCadence());
    }

    /** Every report on a task: the lead unit sees its co-units' reports; a co-unit officer gets 403. */
    @Tag(name = OpenApiTags.ASSIGNMENTS, description = OpenApiTags.ASSIGNMENTS_TEXT)
    @GET
    @Path("{taskId}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listTaskReports", summary = "Every progress report on a task",
            description = "Supervisors, leaders, and the officers of the task's lead unit (a co-unit's officer gets 403). Changes nothing.")
    @APIResponse(responseCode = "404", description = "No task with this id")
    @APIResponseSchema(value = ReportView[].class, responseCode = "200", responseDescription = "OK")
    public List<ReportView> taskReports(@PathParam("taskId") UUID taskId) {
        return reporting.taskReports(taskId);
    }
}
