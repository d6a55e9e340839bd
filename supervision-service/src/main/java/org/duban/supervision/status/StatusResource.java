package org.duban.supervision.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.province.ProvinceUrge;

@Tag(name = "Status (办理状态)", description = "Where each assignment stands, as the supervision office tracks it from task-service events")
@Path("/api/status")
public class StatusResource {

    @Inject
    CallerUnit caller;

    /**
     * {@code unitName} is the unit's current name from the unit replica (null until unit-service has announced it);
     * {@code province} counts the province's 催办/督办 on this unit's assignment (the latest one's time, kind and level).
     */
    public record StatusView(UUID assignmentId, UUID taskId, String taskTitle, UUID unitId, String unitName,
            AssignmentStatus.Status status, int percentComplete, Instant dueAt, ProvinceUrge.OnAssignment province) {
    }

    private static List<StatusView> views(List<AssignmentStatus> rows) {
        List<UUID> units = rows.stream().map(s -> s.unitId).distinct().toList();
        Map<UUID, String> names = UnitReplica.namesOf(units);
        var province = ProvinceUrge.onAssignments(units);
        return rows.stream().map(s -> new StatusView(s.assignmentId, s.taskId, s.taskTitle, s.unitId, names.get(s.unitId),
                s.status, s.percentComplete, s.dueAt, province.apply(s.unitId, s.taskId))).toList();
    }

    /** Status per assignment of a task or of a unit. A unit officer reads only its own unit's. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listStatus", summary = "办理状态 — status per assignment", description = "The status of every assignment of a task (taskId; supervisor, leader) or of a unit (unitId; a unit officer only its own unit), with the unit current name, percent complete, due date and the province 催办/督办 on it. Give unitId or taskId. Changes nothing.")
    @APIResponse(responseCode = "400", description = "Neither unitId nor taskId given")
    @APIResponse(responseCode = "403", description = "A unit officer asking for another unit, or by taskId")
    @APIResponse(responseCode = "200", description = "The assignments, least recently changed first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = StatusView.class)))
    public List<StatusView> list(@QueryParam("taskId") UUID taskId, @QueryParam("unitId") UUID unitId) {
        if (unitId != null) {
            caller.requireMayActFor(unitId);
            return views(AssignmentStatus.<AssignmentStatus> list("unitId = ?1 order by updatedAt", unitId).stream()
                    .filter(s -> taskId == null || taskId.equals(s.taskId)).toList());
        }
        if (taskId == null) {
            throw Problem.invalidField("unitId", "give unitId or taskId");
        }
        if (caller.isUnitOfficer()) {
            throw Problem.forbidden("a unit officer reads status by its own unitId");
        }
        return views(AssignmentStatus.list("taskId = ?1 order by updatedAt", taskId));
    }
}
