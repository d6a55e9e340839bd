package org.duban.task.assignment;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.task.plan.Task;

@Path("/api")
public class AssignmentResource {

    @Inject
    Assigning assigning;

    @Inject
    CallerUnit caller;

    public record NewAssignment(@NotNull UUID unitId, @NotNull Assignment.Role role) {
    }

    /** {@code dueAt} absent means ongoing (持续推进). */
    public record NewTask(@NotBlank @Size(max = 4000) String title, Instant dueAt,
            @NotEmpty List<@Valid @NotNull NewAssignment> assignments) {
    }

    public record NewReport(@Min(0) @Max(100) int percentComplete, @NotBlank @Size(max = 10000) String narrative) {
    }

    public record AssignmentView(UUID id, UUID taskId, String taskTitle, UUID unitId, Assignment.Role role,
            Assignment.Status status, Instant dueAt) {
    }

    @POST
    @Path("tasks")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(@Valid @NotNull NewTask request) {
        Task task = assigning.create(request);
        return Response.created(URI.create("/api/tasks/" + task.id)).entity(new Created(task.id)).build();
    }

    public record Created(UUID id) {
    }

    /** A unit's work list. A unit officer sees only the unit in its token. */
    @GET
    @Path("assignments")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<AssignmentView> list(@QueryParam("unitId") UUID unitId) {
        if (unitId == null) {
            throw Problem.invalidField("unitId", "query parameter is required");
        }
        caller.requireMayActFor(unitId);
        return Assignment.<Assignment> list("unitId = ?1 order by assignedAt", unitId).stream().map(a -> {
            Task t = Task.findById(a.taskId);
            return new AssignmentView(a.id, a.taskId, t.title, a.unitId, a.role, a.status, a.dueAt);
        }).toList();
    }

    @POST
    @Path("assignments/{id}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public Response report(@PathParam("id") UUID id, @Valid @NotNull NewReport request) {
        ProgressReport report = assigning.report(id, request, caller);
        return Response.created(URI.create("/api/assignments/" + id + "/reports/" + report.id)).entity(new Created(report.id))
                .build();
    }
}
