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
@Path("/api/provincial-tasks")
public class ProvincialTaskResource {

    @Inject
    ProvincialTasks tasks;

    @Inject
    ProvincialTaskViews views;

    public record Reason(@NotBlank @Size(max = 4000) String reason) {
    }

    public record Links(@NotNull List<UUID> countyTaskIds) {
    }

    public record NewAssignment(@NotNull UUID unitId, @NotNull Role role) {
    }

    public record NewExtension(@NotNull Instant requestedDueAt, @NotBlank @Size(max = 4000) String reason) {
    }

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
    public ProvincialTaskViews.Detail get(@PathParam("id") UUID id) {
        return views.detail(id);
    }

    /** 签收 → ProvincialTaskAccepted (province-gateway sends RECEIPT). */
    @POST
    @Path("{id}/accept")
    @RolesAllowed(Roles.SUPERVISOR)
    public ProvincialTaskViews.Detail accept(@PathParam("id") UUID id) {
        tasks.accept(id);
        return views.detail(id);
    }

    /** 退回 → ProvincialTaskReturned (RETURN). */
    @POST
    @Path("{id}/return")
    @RolesAllowed(Roles.SUPERVISOR)
    public ProvincialTaskViews.Detail giveBack(@PathParam("id") UUID id, @Valid @NotNull Reason request) {
        tasks.giveBack(id, request.reason().strip());
        return views.detail(id);
    }

    /** The county tasks that implement it, as the supervisor says (confirmed links). */
    @PUT
    @Path("{id}/links")
    @RolesAllowed(Roles.SUPERVISOR)
    public ProvincialTaskViews.Detail links(@PathParam("id") UUID id, @Valid @NotNull Links request) {
        tasks.setLinks(id, request.countyTaskIds());
        return views.detail(id);
    }

    /** 交办 of the provincial task itself to a county unit (the same command as for any task). */
    @POST
    @Path("{id}/assignments")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response assign(@PathParam("id") UUID id, @Valid @NotNull NewAssignment request) {
        Assignment a = tasks.assign(id, request.unitId(), request.role());
        return Response.created(URI.create("/api/assignments/" + a.id))
                .entity(new AssignmentCreated(a.id, a.taskId, a.unitId, a.role, a.status)).build();
    }

    /** Progress compiled now from the county's reports → ProvincialProgressCompiled (PROGRESS). */
    @POST
    @Path("{id}/progress")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response progress(@PathParam("id") UUID id) {
        ProvincialProgress p = tasks.compileNow(id);
        return Response.status(Response.Status.CREATED).entity(EventJson.read(p.payload, ProvincialProgressCompiled.class)).build();
    }

    /** 延期申请 → ProvincialExtensionRequested (EXTENSION_REQUEST). */
    @POST
    @Path("{id}/extension-requests")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response requestExtension(@PathParam("id") UUID id, @Valid @NotNull NewExtension request) {
        ProvincialExtensionRequest r = tasks.requestExtension(id, request.requestedDueAt(), request.reason().strip());
        return Response.status(Response.Status.CREATED).entity(new ProvincialTaskViews.ExtensionView(r.id, r.status, r.currentDueAt,
                r.requestedDueAt, r.reason, r.requestedBy, r.requestedAt, null, null, null)).build();
    }

    /** 办结 confirmed → ProvincialTaskCompleted (COMPLETE); 409 unless every linked county task is complete. */
    @POST
    @Path("{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    public ProvincialTaskViews.Detail complete(@PathParam("id") UUID id, @Valid @NotNull Completion request) {
        tasks.complete(id, request.summary().strip(), request.evidence());
        return views.detail(id);
    }
}
