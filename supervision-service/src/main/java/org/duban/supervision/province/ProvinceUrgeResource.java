package org.duban.supervision.province;

import java.time.Instant;
import java.util.List;
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

import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/** 省级催办/督办 as recorded against lead units: a unit's list (officers: their own unit's), or a provincial task's. */
@Tag(name = "Provincial urges (省级催办/督办)", description = "The province 催办 and 督办 as recorded against the county lead units")
@Path("/api/province-urges")
public class ProvinceUrgeResource {

    @Inject
    CallerUnit caller;

    public record UrgeView(String messageId, UUID unitId, UUID taskId, String provTaskId, String taskNumber, String title,
            String kind, String level, String reason, Instant replyBy, List<UUID> countyTaskIds, UUID warningId, Instant urgedAt) {
        static UrgeView of(ProvinceUrge u) {
            return new UrgeView(u.messageId, u.unitId, u.taskId, u.provTaskId, u.taskNumber, u.title, u.kind, u.level, u.reason,
                    u.replyBy, List.copyOf(u.countyTaskIds), u.warningId, u.urgedAt);
        }
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listProvinceUrges", summary = "省级催办/督办 — provincial urges", description = "The provincial 催办/督办 messages recorded against a unit (a unit officer: only its own) or every unit, oldest first; taskId narrows to those concerning one county task. Each names the provincial task, its level, the reply deadline and the card it caused, if any. Changes nothing.")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    @APIResponse(responseCode = "200", description = "The urges, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = UrgeView.class)))
    public List<UrgeView> list(@QueryParam("unitId") UUID unitId, @QueryParam("taskId") UUID taskId) {
        caller.requireMayList(unitId, "provincial urges");
        List<ProvinceUrge> rows = unitId == null
                ? ProvinceUrge.list("order by urgedAt, messageId, unitId")
                : ProvinceUrge.list("unitId = ?1 order by urgedAt, messageId", unitId);
        return rows.stream().filter(u -> taskId == null || u.concerns(taskId)).map(UrgeView::of).toList();
    }
}
