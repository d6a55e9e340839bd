package org.duban.supervision.inspection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.supervision.history.History;
import org.duban.supervision.inspection.Inspections.CancelRequest;
import org.duban.supervision.inspection.Inspections.FindingRequest;
import org.duban.supervision.inspection.Inspections.ReviewRequest;
import org.duban.supervision.inspection.Inspections.ScheduleRequest;
import org.duban.supervision.inspection.Inspections.TextRequest;

/**
 * 督查: inspections, their findings, and the rectifications (整改) findings order. Each command goes to {@link Inspections}
 * (validate, persist, publish); this class checks roles and maps requests and entities to its views.
 */
@Path("/api")
public class InspectionResource {

    @Inject
    Inspections inspections;

    @Inject
    CallerUnit caller;

    /** {@code status}: SCHEDULED or CANCELLED (then with its reason, who and when). */
    public record InspectionView(UUID inspectionId, String title, String kind, boolean announced, Instant startsAt, List<UUID> unitIds,
            List<UUID> taskIds, List<UUID> sectionIds, List<String> checklist, Instant scheduledAt, String status,
            String cancelReason, String cancelledBy, Instant cancelledAt) {
        static InspectionView of(Inspection i) {
            return new InspectionView(i.inspectionId, i.title, i.kind, i.announced, i.startsAt, i.unitIds, i.taskIds, i.sectionIds,
                    i.checklist, i.scheduledAt, i.status, i.cancelReason, i.cancelledBy, i.cancelledAt);
        }
    }

    public record RectificationView(UUID rectificationId, UUID findingId, UUID inspectionId, UUID unitId, String requirement,
            Instant dueAt, String status, String report, Instant reportedAt, Instant closedAt, Instant missedAt) {
        static RectificationView of(Rectification r) {
            return new RectificationView(r.rectificationId, r.findingId, r.inspectionId, r.unitId, r.requirement, r.dueAt, r.status,
                    r.report, r.reportedAt, r.closedAt, r.missedAt);
        }
    }

    public record FindingView(UUID findingId, UUID inspectionId, UUID unitId, UUID taskId, String text, List<String> evidence,
            Instant recordedAt, String response, List<RectificationView> rectifications) {
        static FindingView of(Finding f) {
            return new FindingView(f.findingId, f.inspectionId, f.unitId, f.taskId, f.text, f.evidence, f.recordedAt, f.response,
                    Rectification.<Rectification> list("findingId", f.findingId).stream().map(RectificationView::of).toList());
        }
    }

    @POST
    @Path("/inspections")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public Response schedule(@Valid ScheduleRequest request) {
        return Response.status(201).entity(InspectionView.of(inspections.schedule(request))).build();
    }

    @GET
    @Path("/inspections")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<InspectionView> inspections() {
        return Inspection.<Inspection> list("order by startsAt desc").stream().map(InspectionView::of).toList();
    }

    @GET
    @Path("/inspections/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public InspectionView inspection(@PathParam("id") UUID id) {
        return InspectionView.of(Inspections.findInspection(id));
    }

    /**
     * Cancels a scheduled inspection with its reason (issue 22): CANCELLED, in the inspection's history, announced
     * ({@code InspectionCancelled}, id from the inspection and the transition: a repeated cancel announces nothing twice)
     * so the units of an announced inspection are told it is off. 409 naming the state when it was already cancelled or
     * has findings (they and their rectifications stand). The row is locked: a finding being recorded commits first or
     * meets CANCELLED. See {@link Inspections#cancel}.
     */
    @POST
    @Path("/inspections/{id}/cancel")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public InspectionView cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
        return InspectionView.of(inspections.cancel(id, request));
    }

    /** An inspection's history: scheduled (by whom), cancelled (by whom, why). */
    @GET
    @Path("/inspections/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<History.Step> inspectionHistory(@PathParam("id") UUID id) {
        Inspections.findInspection(id);
        return History.of(Inspections.HISTORY, id);
    }

    /** A finding about a unit in the inspection's scope, once the inspection has started; it may order rectification. */
    @POST
    @Path("/inspections/{id}/findings")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public Response record(@PathParam("id") UUID id, @Valid FindingRequest request) {
        return Response.status(201).entity(FindingView.of(inspections.record(id, request))).build();
    }

    /** Findings of an inspection, or of a unit (a unit officer: only its own unit's). */
    @GET
    @Path("/findings")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<FindingView> findings(@QueryParam("inspectionId") UUID inspectionId, @QueryParam("unitId") UUID unitId) {
        caller.requireMayList(unitId, "findings");
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new java.util.HashMap<>();
        if (unitId != null) {
            q.append(" and unitId = :unit");
            p.put("unit", unitId);
        }
        if (inspectionId != null) {
            q.append(" and inspectionId = :inspection");
            p.put("inspection", inspectionId);
        }
        return Finding.<Finding> list(q + " order by recordedAt", p).stream().map(FindingView::of).toList();
    }

    /** The unit responds to a finding about it. */
    @POST
    @Path("/findings/{id}/response")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    public FindingView respond(@PathParam("id") UUID id, @Valid TextRequest request) {
        return FindingView.of(inspections.respond(id, request));
    }

    @GET
    @Path("/rectifications")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<RectificationView> rectifications(@QueryParam("unitId") UUID unitId, @QueryParam("open") Boolean open) {
        caller.requireMayList(unitId, "rectifications");
        String openOnly = Boolean.TRUE.equals(open) ? " and status <> 'CLOSED'" : "";
        List<Rectification> rows = unitId == null ? Rectification.list("1 = 1" + openOnly + " order by dueAt")
                : Rectification.list("unitId = ?1" + openOnly + " order by dueAt", unitId);
        return rows.stream().map(RectificationView::of).toList();
    }

    /** The unit reports its rectification done. */
    @POST
    @Path("/rectifications/{id}/report")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    public RectificationView report(@PathParam("id") UUID id, @Valid TextRequest request) {
        return RectificationView.of(inspections.report(id, request));
    }

    /** 复核: the inspector closes a reported rectification, or reopens it (back to the unit). */
    @POST
    @Path("/rectifications/{id}/review")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public RectificationView review(@PathParam("id") UUID id, @Valid ReviewRequest request) {
        return RectificationView.of(inspections.review(id, request));
    }

    /** A finding's history: recorded (by whom), and every response of the unit with who gave it. */
    @GET
    @Path("/findings/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<History.Step> findingHistory(@PathParam("id") UUID id) {
        Finding f = Finding.findById(id);
        if (f == null) {
            throw Problem.notFound("no finding " + id);
        }
        caller.requireMayActFor(f.unitId);
        return History.of(History.FINDING, id);
    }

    /** A rectification's history: ordered, every report (none is overwritten), each close or reopen with its note. */
    @GET
    @Path("/rectifications/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<History.Step> rectificationHistory(@PathParam("id") UUID id) {
        Rectification r = Inspections.findRectification(id);
        caller.requireMayActFor(r.unitId);
        return History.of(History.RECTIFICATION, id);
    }

}
