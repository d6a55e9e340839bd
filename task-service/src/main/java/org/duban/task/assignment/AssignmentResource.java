package org.duban.task.assignment;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.task.deadline.UnknownCalendarYear;
import org.duban.task.plan.Task;
import org.duban.task.plan.Role;

@Path("/api")
public class AssignmentResource {

    @Inject
    Assigning assigning;

    @Inject
    Lifecycle lifecycle;

    @Inject
    CallerUnit caller;

    /**
     * {@code version}: raised by every write of the assignment (a 409 of a lost race names the one it met).
     * {@code dueDateFlag}: "2027 calendar not yet known" while its due date is counted with weekends only.
     */
    public record AssignmentView(UUID id, UUID taskId, String taskTitle, UUID unitId, Role role,
            Assignment.Status status, Instant dueAt, Instant assignedAt, UUID replacedBy, long version, String dueDateFlag) {
        static AssignmentView of(Assignment a, Task t) {
            return new AssignmentView(a.id, a.taskId, t.title, a.unitId, a.role, a.status, a.dueAt, a.assignedAt, a.replacedBy,
                    a.version, UnknownCalendarYear.flag(a.calendarUnknownYear));
        }
    }

    /** 退回 needs its reason. */
    public record Reason(@NotBlank @Size(max = 4000) String reason) {
    }

    /** 复核: approve, or send back with a note (the reason). */
    public record Review(@NotNull Boolean approve, @Size(max = 4000) String note) {
    }

    /** {@code requestedDueAt}: a date and time, or a date alone ({@code 2027-06-30}: the end of that day, Beijing time). */
    public record NewExtension(@NotNull @JsonDeserialize(using = BeijingDueDate.class) Instant requestedDueAt, @NotBlank @Size(max = 4000) String reason) {
    }

    /** Approve, or reject with a note (the reason; 400 naming {@code note} without it). */
    public record Decision(@NotNull Boolean approve, @Size(max = 4000) String note) {
    }

    public record Reassignment(@NotNull UUID unitId, @Size(max = 4000) String reason) {
    }

    public record HistoryView(Assignment.Status fromStatus, Assignment.Status toStatus, String actor, String reason,
            Instant at) {
    }

    public record ExtensionView(UUID id, ExtensionRequest.Status status, String reason, Instant currentDueAt,
            Instant requestedDueAt, String requestedBy, Instant requestedAt, String decisionNote, String decidedBy,
            Instant decidedAt, long version) {
        static ExtensionView of(ExtensionRequest r) {
            return new ExtensionView(r.id, r.status, r.reason, r.currentDueAt, r.requestedDueAt, r.requestedBy,
                    r.requestedAt, r.decisionNote, r.decidedBy, r.decidedAt, r.version);
        }
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

    /**
     * A unit's work list ({@code unitId}), or a task's assignments ({@code taskId}: the supervision office's and a
     * leader's view of who holds the task, lead first), or both. A unit officer sees only the unit in its token (a
     * task's assignments: its own unit's). Paged like {@code GET /api/tasks}.
     */
    /** The role is stored by name, so its alphabetical order would put CO_RESPONSIBLE first. */
    private static final String LEAD_FIRST = "case when role = :lead then 0 else 1 end, assignedAt, id";

    @GET
    @Path("assignments")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    public List<AssignmentView> list(@QueryParam("unitId") UUID unitId, @QueryParam("taskId") UUID taskId,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("200") int limit) {
        if (unitId == null && taskId == null) {
            throw Problem.invalidField("unitId", "query parameter is required (or taskId)");
        }
        if (offset < 0) {
            throw Problem.invalidField("offset", "must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw Problem.invalidField("limit", "must be between 1 and 1000");
        }
        if (unitId != null) {
            caller.requireMayActFor(unitId);
        } else if (caller.isUnitOfficer()) {
            unitId = caller.unitId().orElseThrow(() -> Problem.forbidden("the token names no unit (unit_id claim)"));
        }
        PanacheQuery<Assignment> query;
        if (taskId == null) {
            query = Assignment.find("unitId = ?1 order by assignedAt, id", unitId);
        } else if (unitId == null) {
            query = Assignment.find("taskId = :task order by " + LEAD_FIRST,
                    Parameters.with("task", taskId).and("lead", Role.LEAD));
        } else {
            query = Assignment.find("taskId = :task and unitId = :unit order by " + LEAD_FIRST,
                    Parameters.with("task", taskId).and("unit", unitId).and("lead", Role.LEAD));
        }
        List<Assignment> page = query.range(offset, offset + limit - 1).list();
        Map<UUID, Task> tasks = new HashMap<>();
        return page.stream().map(a -> AssignmentView.of(a, tasks.computeIfAbsent(a.taskId, id -> Task.findById(id)))).toList();
    }

    @GET
    @Path("assignments/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    public AssignmentView get(@PathParam("id") UUID id) {
        Assignment a = lifecycle.find(id);
        caller.requireMayActFor(a.unitId);
        return AssignmentView.of(a, Task.findById(a.taskId));
    }

    /** 签收 */
    @POST
    @Path("assignments/{id}/accept")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public AssignmentView accept(@PathParam("id") UUID id) {
        return view(lifecycle.accept(id));
    }

    /** 退回, with the reason; the supervision office then reassigns. */
    @POST
    @Path("assignments/{id}/return")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public AssignmentView giveBack(@PathParam("id") UUID id, @Valid @NotNull Reason request) {
        return view(lifecycle.giveBack(id, request.reason()));
    }

    /** 改派: a returned assignment to another unit; answers the new assignment. */
    @POST
    @Path("assignments/{id}/reassign")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response reassign(@PathParam("id") UUID id, @Valid @NotNull Reassignment request) {
        Assignment fresh = lifecycle.reassign(id, request.unitId(), request.reason());
        return Response.created(URI.create("/api/assignments/" + fresh.id)).entity(view(fresh)).build();
    }

    /** 反馈 */
    @POST
    @Path("assignments/{id}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public Response report(@PathParam("id") UUID id, @Valid @NotNull NewReport request) {
        ProgressReport report = lifecycle.report(id, request);
        return Response.created(URI.create("/api/assignments/" + id + "/reports/" + report.id)).entity(new Created(report.id))
                .build();
    }

    @GET
    @Path("assignments/{id}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<ReportView> reports(@PathParam("id") UUID id) {
        return lifecycle.reports(id);
    }

    /** 复核 of the latest report, by the task's lead unit (or the supervision office). */
    @POST
    @Path("assignments/{id}/review")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public ReportView review(@PathParam("id") UUID id, @Valid @NotNull Review request) {
        return lifecycle.review(id, request.approve(), request.note());
    }

    /** 延期申请 */
    @POST
    @Path("assignments/{id}/extensions")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public Response requestExtension(@PathParam("id") UUID id, @Valid @NotNull NewExtension request) {
        ExtensionRequest r = lifecycle.requestExtension(id, request.requestedDueAt(), request.reason());
        return Response.created(URI.create("/api/assignments/" + id + "/extensions/" + r.id)).entity(ExtensionView.of(r))
                .build();
    }

    @GET
    @Path("assignments/{id}/extensions")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<ExtensionView> extensions(@PathParam("id") UUID id) {
        return lifecycle.extensions(id).stream().map(ExtensionView::of).toList();
    }

    /** The supervision office approves or rejects a pending extension request. */
    @POST
    @Path("assignments/{id}/extensions/{requestId}/decision")
    @RolesAllowed(Roles.SUPERVISOR)
    public ExtensionView decideExtension(@PathParam("id") UUID id, @PathParam("requestId") UUID requestId,
            @Valid @NotNull Decision request) {
        if (!request.approve() && (request.note() == null || request.note().isBlank())) {
            // the unit reads why its request was refused; a rejection without it says nothing it can act on
            throw Problem.invalidField("note", "a rejection needs its note (the reason the unit is told)");
        }
        return ExtensionView.of(lifecycle.decideExtension(id, requestId, request.approve(), request.note()));
    }

    /** 办结销号, by the supervision office; no body, an optional {@code note} query parameter. */
    @POST
    @Path("assignments/{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    public AssignmentView complete(@PathParam("id") UUID id, @QueryParam("note") @Size(max = 4000) String note) {
        return view(lifecycle.complete(id, note));
    }

    @GET
    @Path("assignments/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<HistoryView> history(@PathParam("id") UUID id) {
        return lifecycle.history(id).stream()
                .map(h -> new HistoryView(h.fromStatus, h.toStatus, h.actor, h.reason, h.happenedAt)).toList();
    }

    /** Every report on a task: the lead unit sees its co-units' reports; a co-unit officer gets 403. */
    @GET
    @Path("tasks/{taskId}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<ReportView> taskReports(@PathParam("taskId") UUID taskId) {
        return lifecycle.taskReports(taskId);
    }

    private static AssignmentView view(Assignment a) {
        return AssignmentView.of(a, Task.findById(a.taskId));
    }
}
