package org.duban.supervision.province;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/** 省级催办/督办 as recorded against lead units: a unit's list (officers: their own unit's), or a provincial task's. */
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
    public List<UrgeView> list(@QueryParam("unitId") UUID unitId, @QueryParam("taskId") UUID taskId) {
        caller.requireMayList(unitId, "provincial urges");
        List<ProvinceUrge> rows = unitId == null
                ? ProvinceUrge.list("order by urgedAt, messageId, unitId")
                : ProvinceUrge.list("unitId = ?1 order by urgedAt, messageId", unitId);
        return rows.stream().filter(u -> taskId == null || u.concerns(taskId)).map(UrgeView::of).toList();
    }
}
