package org.duban.task.province;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.events.EventJson;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.assignment.Assignment;
import org.duban.task.plan.Role;

/**
 * Provincial tasks (省级下发任务) for the supervision office: read by supervisors, leaders and admins; signed for,
 * returned, linked, assigned, reported on and completed by supervisors. See task-service/README.md, "Provincial tasks".
 */
@Tag(name = "provincial-tasks", description = "省级下发任务 — tasks the provincial platform issues to the county: signed for, returned, "
        + "linked to county tasks, assigned, reported on, extended and completed by the supervision office; each step is sent "
        + "to the province by province-gateway")
@Path("/api/provincial-tasks")
public class ProvincialTaskResource {

    @Inject
    ProvincialTasks tasks;

    @Inject
    ProvincialTaskViews views;

    @Schema(name = "ProvincialReturn", description = "退回 of a provincial task: the reason the province is told")
    public record Reason(@NotBlank @Size(max = 4000) String reason) {
    }

    @Schema(name = "ProvincialLinks", description = "The county tasks that implement a provincial task")
    public record Links(@NotNull List<UUID> countyTaskIds) {
    }

    @Schema(name = "ProvincialAssignmentRequest", description = "交办 of a provincial task to a county unit, in a role")
    public record NewAssignment(@NotNull UUID unitId, @NotNull Role role) {
    }

    @Schema(name = "ProvincialExtensionRequest", description = "延期申请 to the province: the deadline asked for and why")
    public record NewExtension(@NotNull Instant requestedDueAt, @NotBlank @Size(max = 4000) String reason) {
    }

    @Schema(name = "ProvincialCompletion", description = "办结 of a provincial task: the summary and evidence references the province receives")
    public record Completion(@NotBlank @Size(max = 10000) String summary, @Size(max = 50) List<@NotBlank String> evidence) {
    }

    public record AssignmentCreated(UUID id, UUID taskId, UUID unitId, Role role, Assignment.Status status) {
    }

    /** Someone else changed the task meanwhile (the province's events race the supervisor): 409, to be tried again. */
    @ServerExceptionMapper(OptimisticLockException.class)
    public Response concurrentChange(OptimisticLockException e) {
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(Problem.conflict("the provincial task changed meanwhile: read it again and retry").with("state", "CHANGED")
                        .body(null))
                .build();
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "listProvincialTasks", summary = "省级任务列表 — list provincial tasks",
            description = "Supervisors, leaders, administrators. Optionally by state, or only those no county task implements "
            + "yet (`unlinked=true`). Changes nothing.")
    @APIResponse(responseCode = "400", description = "An unknown state")
    @APIResponseSchema(value = ProvincialTaskViews.Summary[].class, responseCode = "200", responseDescription = "OK")
    public List<ProvincialTaskViews.Summary> list(@QueryParam("state") String state, @QueryParam("unlinked") boolean unlinked) {
        ProvincialTask.State s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = ProvincialTask.State.valueOf(state.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw Problem.invalidField("state", "one of " + List.of(ProvincialTask.State.values()));
            }
        }
        return views.list(s, unlinked);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.ADMIN })
    @Operation(operationId = "getProvincialTask", summary = "Read a provincial task", description = "Supervisors, leaders, administrators. "
            + "The task with its state, deadline, links, extension requests and history. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponseSchema(value = ProvincialTaskViews.Detail.class, responseCode = "200", responseDescription = "OK")
    public ProvincialTaskViews.Detail get(@PathParam("id") UUID id) {
        return views.detail(id);
    }

    /** 签收 → ProvincialTaskAccepted (province-gateway sends RECEIPT). */
    @POST
    @Path("{id}/accept")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "acceptProvincialTask", summary = "签收 — accept a provincial task",
            description = "Supervisors only. Announces ProvincialTaskAccepted; province-gateway sends the province a RECEIPT.")
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "The task is not waiting to be signed for, or the task changed meanwhile "
            + "(read it again and retry); the problem names the `state`")
    @APIResponseSchema(value = ProvincialTaskViews.Detail.class, responseCode = "200", responseDescription = "The task now")
    public ProvincialTaskViews.Detail accept(@PathParam("id") UUID id) {
        tasks.accept(id);
        return views.detail(id);
    }

    /** 退回 → ProvincialTaskReturned (RETURN). */
    @POST
    @Path("{id}/return")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "returnProvincialTask", summary = "退回 — return a provincial task",
            description = "Supervisors only, with the reason. Announces ProvincialTaskReturned; province-gateway sends RETURN.")
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "The task cannot be returned in its state, or the task changed meanwhile "
            + "(read it again and retry); the problem names the `state`")
    @APIResponseSchema(value = ProvincialTaskViews.Detail.class, responseCode = "200", responseDescription = "The task now")
    public ProvincialTaskViews.Detail giveBack(@PathParam("id") UUID id, @Valid @NotNull Reason request) {
        tasks.giveBack(id, request.reason().strip());
        return views.detail(id);
    }

    /** The county tasks that implement it, as the supervisor says (confirmed links). */
    @PUT
    @Path("{id}/links")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "linkProvincialTask", summary = "关联县级任务 — link county tasks",
            description = "Supervisors only. The county tasks that implement the provincial task (replacing the links before; "
            + "confirmed links); their progress is compiled for the province.")
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponseSchema(value = ProvincialTaskViews.Detail.class, responseCode = "200", responseDescription = "The task now")
    public ProvincialTaskViews.Detail links(@PathParam("id") UUID id, @Valid @NotNull Links request) {
        tasks.setLinks(id, request.countyTaskIds());
        return views.detail(id);
    }

    /** 交办 of the provincial task itself to a county unit (the same command as for any task). */
    @POST
    @Path("{id}/assignments")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "assignProvincialTask", summary = "交办 — assign a provincial task to a county unit",
            description = "Supervisors only. The same command as for any task: the unit gets an assignment in the role given. "
            + "Announces TaskAssigned.")
    @APIResponse(responseCode = "201", description = "The assignment; Location names it",
            headers = @Header(name = "Location", description = "/api/assignments/{id}",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = AssignmentCreated.class)))
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "The unit already holds the task in that role, or the task changed meanwhile "
            + "(read it again and retry); the problem names the `state`")
    public Response assign(@PathParam("id") UUID id, @Valid @NotNull NewAssignment request) {
        Assignment a = tasks.assign(id, request.unitId(), request.role());
        return Response.created(URI.create("/api/assignments/" + a.id))
                .entity(new AssignmentCreated(a.id, a.taskId, a.unitId, a.role, a.status)).build();
    }

    /** Progress compiled now from the county's reports → ProvincialProgressCompiled (PROGRESS). */
    @POST
    @Path("{id}/progress")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "compileProvincialProgress", summary = "报送进展 — compile progress for the province",
            description = "Supervisors only. Compiles now, from the county's reports on the linked tasks, the progress the province "
            + "receives. Announces ProvincialProgressCompiled; province-gateway sends PROGRESS.")
    @APIResponse(responseCode = "201", description = "The progress compiled", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ProvincialProgressCompiled.class)))
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "No county task or unit works on it, or the task changed meanwhile (read "
            + "it again and retry); the problem names the `state`")
    public Response progress(@PathParam("id") UUID id) {
        ProvincialProgress p = tasks.compileNow(id);
        return Response.status(Response.Status.CREATED).entity(EventJson.read(p.payload, ProvincialProgressCompiled.class)).build();
    }

    /** 延期申请 → ProvincialExtensionRequested (EXTENSION_REQUEST). */
    @POST
    @Path("{id}/extension-requests")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "requestProvincialExtension", summary = "延期申请 — ask the province for an extension",
            description = "Supervisors only, with the new deadline (after the one in force) and the reason. Announces ProvincialExtensionRequested; "
            + "province-gateway sends EXTENSION_REQUEST and the province's answer comes back as an event.")
    @APIResponse(responseCode = "201", description = "The request (PENDING)", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ProvincialTaskViews.ExtensionView.class)))
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "A request is still pending, or the task changed meanwhile (read it again "
            + "and retry); the problem names the `state`")
    public Response requestExtension(@PathParam("id") UUID id, @Valid @NotNull NewExtension request) {
        ProvincialExtensionRequest r = tasks.requestExtension(id, request.requestedDueAt(), request.reason().strip());
        return Response.status(Response.Status.CREATED).entity(new ProvincialTaskViews.ExtensionView(r.id, r.status, r.currentDueAt,
                r.requestedDueAt, r.reason, r.requestedBy, r.requestedAt, null, null, null)).build();
    }

    /** 办结 confirmed → ProvincialTaskCompleted (COMPLETE); 409 unless every linked county task is complete. */
    @POST
    @Path("{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "completeProvincialTask", summary = "办结 — complete a provincial task",
            description = "Supervisors only, with a summary and evidence references, once every linked county task is complete. "
            + "Announces ProvincialTaskCompleted; province-gateway sends COMPLETE.")
    @APIResponse(responseCode = "404", description = "No provincial task with this id")
    @APIResponse(responseCode = "409", description = "A linked county task is not complete (`incompleteCountyTaskIds`), or the "
            + "task changed meanwhile (read it again and retry); the problem names the `state`")
    @APIResponseSchema(value = ProvincialTaskViews.Detail.class, responseCode = "200", responseDescription = "The task now")
    public ProvincialTaskViews.Detail complete(@PathParam("id") UUID id, @Valid @NotNull Completion request) {
        tasks.complete(id, request.summary().strip(), request.evidence());
        return views.detail(id);
    }
}
