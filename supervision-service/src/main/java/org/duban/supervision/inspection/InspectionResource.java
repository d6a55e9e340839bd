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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.supervision.history.History;
import org.duban.supervision.inspection.Inspections.CancelRequest;
import org.duban.supervision.inspection.Inspections.FindingRequest;
import org.duban.supervision.inspection.Inspections.ReportRequest;
import org.duban.supervision.inspection.Inspections.ReviewRequest;
import org.duban.supervision.inspection.Inspections.ScheduleRequest;
import org.duban.supervision.inspection.Inspections.TextRequest;

/**
 * 督查: inspections, their findings, and the rectifications (整改) findings order. Each command goes to {@link Inspections}
 * (validate, persist, publish); this class checks roles and maps requests and entities to its views.
 */
@Tag(name = "Inspections (督查)", description = "督查 — inspections (scheduled 定期 or unannounced 不定期), their findings (问题) and the rectifications (整改) they order")
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
    @Operation(operationId = "scheduleInspection", summary = "安排督查 — schedule an inspection", description = "The supervision office schedules an inspection: title, kind REGULAR (定期, announced to the units) or UNANNOUNCED (不定期, never told in advance), when it starts and its scope (units, tasks, or plan sections, whose tasks join the scope). Every unit must be active and every task and section known. Recorded in the inspection history; announces InspectionScheduled (units of an announced inspection get a notice).")
    @RequestBody(required = true, description = "Title, kind, start and scope",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "regular inspection", value = """
            {"title": "2026年第四季度“互联网+督查”专项督查", "kind": "REGULAR", "startsAt": "2026-12-10T01:00:00Z", "unitIds": ["8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01"], "taskIds": ["3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f"], "checklist": ["平台建设进度", "数据共享"]}""") }))
    @APIResponse(responseCode = "201", description = "The inspection, SCHEDULED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InspectionView.class), examples = { @ExampleObject(name = "scheduled", value = """
            {"inspectionId": "d4c3b2a1-0f9e-4d8c-b7a6-5f4e3d2c1b0a", "title": "2026年第四季度“互联网+督查”专项督查", "kind": "REGULAR", "announced": true, "startsAt": "2026-12-10T01:00:00Z", "unitIds": ["8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01"], "taskIds": ["3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f"], "sectionIds": [], "checklist": ["平台建设进度", "数据共享"], "scheduledAt": "2026-12-07T02:00:00Z", "status": "SCHEDULED", "cancelReason": null, "cancelledBy": null, "cancelledAt": null}""") }))
    @APIResponse(responseCode = "400", description = "title blank; kind not REGULAR or UNANNOUNCED; startsAt missing; no unit, task or section in scope; an unknown or inactive unit, task or section (the field is named)")
    public Response schedule(@Valid ScheduleRequest request) {
        return Response.status(201).entity(InspectionView.of(inspections.schedule(request))).build();
    }

    @GET
    @Path("/inspections")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listInspections", summary = "督查列表 — the inspections", description = "Every inspection, latest start first, scheduled and cancelled. Supervisor and leader; changes nothing.")
    @APIResponse(responseCode = "200", description = "The inspections",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = InspectionView.class)))
    public List<InspectionView> inspections() {
        return Inspection.<Inspection> list("order by startsAt desc").stream().map(InspectionView::of).toList();
    }

    @GET
    @Path("/inspections/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "getInspection", summary = "One inspection", description = "An inspection with its scope, checklist and status (SCHEDULED or CANCELLED with reason, who and when).")
    @APIResponse(responseCode = "200", description = "The inspection",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InspectionView.class)))
    @APIResponse(responseCode = "404", description = "No inspection with this id")
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
    @Operation(operationId = "cancelInspection", summary = "取消督查 — cancel an inspection", description = "The supervision office cancels an inspection that has no findings, with its reason: status CANCELLED, recorded in its history with who did it, and announced once (InspectionCancelled) so the units of an announced inspection are told it is off.")
    @RequestBody(required = true, description = "Why it is cancelled (the units are told)",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "cancel", value = """
            {"reason": "与市级督查时间冲突，另行安排"}""") }))
    @APIResponse(responseCode = "200", description = "The inspection, CANCELLED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InspectionView.class)))
    @APIResponse(responseCode = "404", description = "No inspection with this id")
    @APIResponse(responseCode = "409", description = "Already cancelled, or it has findings (it took place and they stand); the problem names the state")
    public InspectionView cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
        return InspectionView.of(inspections.cancel(id, request));
    }

    /** An inspection's history: scheduled (by whom), cancelled (by whom, why). */
    @GET
    @Path("/inspections/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "inspectionHistory", summary = "An inspection history", description = "Scheduled (by whom) and cancelled (by whom, why), oldest first.")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
    @APIResponse(responseCode = "404", description = "No inspection with this id")
    public List<History.Step> inspectionHistory(@PathParam("id") UUID id) {
        Inspections.findInspection(id);
        return History.of(Inspections.HISTORY, id);
    }

    /** A finding about a unit in the inspection's scope, once the inspection has started; it may order rectification. */
    @POST
    @Path("/inspections/{id}/findings")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "recordFinding", summary = "记录问题 — record a finding", description = "The supervision office records what an inspection found about a unit in its scope, once the inspection has started, with evidence; it may order a rectification (整改) with its requirement and a future deadline. Recorded in the finding history; announces FindingRecorded and, with an order, RectificationOrdered (the unit gets a notice).")
    @RequestBody(required = true, description = "The unit, what was found, and an optional rectification order",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "finding with rectification", value = """
            {"unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "taskId": "3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "text": "政务服务事项网上可办率未达到序时进度", "evidence": ["现场检查记录第3页"], "rectification": {"requirement": "12月31日前完成事项梳理并上线", "dueAt": "2026-12-31T09:00:00Z"}}""") }))
    @APIResponse(responseCode = "201", description = "The finding with its rectification",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FindingView.class), examples = { @ExampleObject(name = "recorded", value = """
            {"findingId": "e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9", "inspectionId": "d4c3b2a1-0f9e-4d8c-b7a6-5f4e3d2c1b0a", "unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "taskId": "3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "text": "政务服务事项网上可办率未达到序时进度", "evidence": ["现场检查记录第3页"], "recordedAt": "2026-12-10T03:00:00Z", "response": null, "rectifications": [{"rectificationId": "f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0", "findingId": "e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9", "inspectionId": "d4c3b2a1-0f9e-4d8c-b7a6-5f4e3d2c1b0a", "unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "requirement": "12月31日前完成事项梳理并上线", "dueAt": "2026-12-31T09:00:00Z", "status": "ORDERED", "report": null, "reportedAt": null, "closedAt": null, "missedAt": null}]}""") }))
    @APIResponse(responseCode = "400", description = "unitId missing or outside the scope; text blank; taskId unknown or outside the scope; rectification.requirement blank or rectification.dueAt not in the future")
    @APIResponse(responseCode = "404", description = "No inspection with this id")
    @APIResponse(responseCode = "409", description = "The inspection was cancelled (state CANCELLED) or has not started yet (state NOT_STARTED)")
    public Response record(@PathParam("id") UUID id, @Valid FindingRequest request) {
        return Response.status(201).entity(FindingView.of(inspections.record(id, request))).build();
    }

    /** Findings of an inspection, or of a unit (a unit officer: only its own unit's). */
    @GET
    @Path("/findings")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listFindings", summary = "问题清单 — findings", description = "The findings of an inspection (inspectionId) and/or of a unit (unitId; a unit officer: only its own unit), oldest first, each with its rectifications. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The findings",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = FindingView.class)))
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
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
    @Operation(operationId = "respondToFinding", summary = "问题说明 — the unit responds to a finding", description = "An officer of the unit the finding is about gives its response; every response is kept in the finding history with who gave it, the finding shows the latest. Announces nothing.")
    @RequestBody(required = true, description = "The response",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "response", value = """
            {"text": "已安排专人梳理事项清单，预计12月25日完成"}""") }))
    @APIResponse(responseCode = "200", description = "The finding with the response",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FindingView.class)))
    @APIResponse(responseCode = "403", description = "The caller is not an officer of the unit concerned")
    @APIResponse(responseCode = "404", description = "No finding with this id")
    public FindingView respond(@PathParam("id") UUID id, @Valid TextRequest request) {
        return FindingView.of(inspections.respond(id, request));
    }

    @GET
    @Path("/rectifications")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listRectifications", summary = "整改清单 — rectifications", description = "The rectifications of a unit (a unit officer: only its own) or of every unit, earliest due first; open=true keeps those not CLOSED. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The rectifications",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = RectificationView.class)))
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
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
    @Operation(operationId = "reportRectification", summary = "整改报告 — the unit reports its rectification done", description = "An officer of the unit reports what was rectified on an ORDERED rectification: it becomes REPORTED, every report is kept in its history, and RectificationReported is announced (the supervision office work queue shows it for 复核). `evidenceFileIds` (optional) attaches evidence files uploaded to POST /api/rectifications/{id}/evidence; the event lists them by reference (id, name, size, sha256, sm3), never their bytes.")
    @RequestBody(required = true, description = "What was rectified",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "report", value = """
            {"text": "事项已全部梳理上线，网上可办率达到98%", "evidenceFileIds": ["0b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b"]}""") }))
    @APIResponse(responseCode = "200", description = "The rectification, REPORTED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "403", description = "The caller is not an officer of the unit concerned")
    @APIResponse(responseCode = "404", description = "No rectification with this id")
    @APIResponse(responseCode = "409", description = "The rectification is not ORDERED (already reported or closed); the problem names the state")
    @APIResponse(responseCode = "413", description = "The named evidence files are more or larger together than a report takes")
    public RectificationView report(@PathParam("id") UUID id, @Valid ReportRequest request) {
        return RectificationView.of(inspections.report(id, request));
    }

    /** 复核: the inspector closes a reported rectification, or reopens it (back to the unit). */
    @POST
    @Path("/rectifications/{id}/review")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "reviewRectification", summary = "整改复核 — re-check a reported rectification", description = "The supervision office closes a REPORTED rectification (close=true: CLOSED, cards issued for it are lifted) or sends it back to the unit (close=false: ORDERED again), with a note. Recorded in its history; announces RectificationClosed (reopened=true when sent back).")
    @RequestBody(required = true, description = "Close or reopen, with a note",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "close", value = """
            {"close": true, "note": "经现场复核，整改到位"}""") }))
    @APIResponse(responseCode = "200", description = "The rectification, CLOSED or ORDERED again",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "400", description = "close missing")
    @APIResponse(responseCode = "404", description = "No rectification with this id")
    @APIResponse(responseCode = "409", description = "The rectification is not REPORTED; the problem names the state")
    public RectificationView review(@PathParam("id") UUID id, @Valid ReviewRequest request) {
        return RectificationView.of(inspections.review(id, request));
    }

    /** A finding's history: recorded (by whom), and every response of the unit with who gave it. */
    @GET
    @Path("/findings/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "findingHistory", summary = "A finding history", description = "Recorded (by whom) and every response of the unit with who gave it; a unit officer reads only its own unit findings.")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    @APIResponse(responseCode = "404", description = "No finding with this id")
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
    @Operation(operationId = "rectificationHistory", summary = "A rectification history", description = "Ordered, every report (none is overwritten), each close or reopen with its note; a unit officer reads only its own unit rectifications.")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    @APIResponse(responseCode = "404", description = "No rectification with this id")
    public List<History.Step> rectificationHistory(@PathParam("id") UUID id) {
        Rectification r = Inspections.findRectification(id);
        caller.requireMayActFor(r.unitId);
        return History.of(History.RECTIFICATION, id);
    }

}
