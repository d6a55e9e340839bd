package org.duban.supervision.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

@Path("/api/status")
public class StatusResource {

    @Inject
    CallerUnit caller;

    public record StatusView(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, AssignmentStatus.Status status,
            int percentComplete, Instant dueAt) {
        static StatusView of(AssignmentStatus s) {
            return new StatusView(s.assignmentId, s.taskId, s.taskTitle, s.unitId, s.status, s.percentComplete, s.dueAt);
        }
    }

    /** Status per assignment of a task or of a unit. A unit officer reads only its own unit's. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<StatusView> list(@QueryParam("taskId") UUID taskId, @QueryParam("unitId") UUID unitId) {
        if (unitId != null) {
            caller.requireMayActFor(unitId);
            return AssignmentStatus.<AssignmentStatus> list("unitId = ?1 order by updatedAt", unitId).stream()
                    .filter(s -> taskId == null || taskId.equals(s.taskId)).map(StatusView::of).toList();
        }
        if (taskId == null) {
            throw Problem.invalidField("unitId", "give unitId or taskId");
        }
        if (caller.isUnitOfficer()) {
            throw Problem.forbidden("a unit officer reads status by its own unitId");
        }
        return AssignmentStatus.<AssignmentStatus> list("taskId = ?1 order by updatedAt", taskId).stream().map(StatusView::of)
                .toList();
    }
}
