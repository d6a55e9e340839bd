package org.duban.task.assignment;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.OpenApiTags;

/**
 * {@code /api/assignments…}: every step of an assignment's life after 交办 over HTTP, mapped to the feature's
 * commands ({@link Acceptance}, {@link Reporting}, {@link Extensions}, {@link Closing}, {@link Withdrawal}) and views
 * ({@link AssignmentQueries}); it reads and writes nothing itself. An assignment's evidence files
 * ({@code /api/assignments/{id}/evidence}) are evidence/EvidenceResource's: the upload is a Vert.x route that streams the
 * body before any resource runs (task-service/README.md, "Packages").
 */
@Tag(name = OpenApiTags.ASSIGNMENTS, description = OpenApiTags.ASSIGNMENTS_TEXT)
@Path("/api/assignments")
public class AssignmentResource {

    @Inject
    AssignmentQueries queries;

    @Inject
    Acceptance acceptance;

    @Inject
    Reporting reporting;

    @Inject
    Extensions extensions;

    @Inject
    Closing closing;

    @Inject
    Withdrawal withdrawal;

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

    /** 改派: the new unit, why, and (optional) the new assignment's own 完成时限; without it the task's due date holds. */
    public record Reassignment(@NotNull UUID unitId, @Size(max = 4000) String reason, Instant dueAt) {
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listAssignments", summary = "交办清单 — list assignments", description = "Supervisors, leaders, unit "
            + "officers. A unit's work list (`unitId`), or who holds a task (`taskId`, lead first), or both, paged (`offset`, "
            + "`limit` ≤ 1000). A unit officer sees only the unit in its token. Changes nothing.")
    @APIResponse(responseCode = "400", description = "Neither unitId nor taskId given, or offset/limit out of range")
    @APIResponseSchema(value = AssignmentView[].class, responseCode = "200", responseDescription = "OK")
    public List<AssignmentView> list(@QueryParam("unitId") UUID unitId, @QueryParam("taskId") UUID taskId,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("200") int limit) {
        return queries.list(unitId, taskId, offset, limit);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "getAssignment", summary = "Read an assignment", description = "Supervisors, leaders, and the unit's "
            + "own officers. Status, due date (and a flag when it was counted without the year's official calendar), version. "
            + "Changes nothing.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponseSchema(value = AssignmentView.class, responseCode = "200", responseDescription = "OK")
    public AssignmentView get(@PathParam("id") UUID id) {
        return queries.get(id);
    }

    /** 签收 */
    @POST
    @Path("{id}/accept")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "acceptAssignment", summary = "签收 — accept an assignment",
            description = "The unit's officer (or a supervisor for it). ASSIGNED → IN_PROGRESS: the unit confirms it has the work. "
            + "Announces AssignmentAccepted; the status board turns it from 待签收 to 办理中.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not ASSIGNED (already accepted, returned, completed or "
            + "withdrawn); the problem names the `state` and `version` it met")
    @APIResponse(responseCode = "200", description = "Accepted: the assignment now", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = AssignmentView.class), examples = @ExampleObject(name = "accepted", value = """
                    {"id": "9b2f4c1e-6a7d-4e8f-9a0b-1c2d3e4f5a6b", "taskId": "3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01",
                     "taskTitle": "开展城区背街小巷环境卫生专项整治", "unitId": "0b6f0e52-3c1a-4c55-9a5e-1d2f3a4b5c6d",
                     "role": "LEAD", "status": "IN_PROGRESS", "dueAt": "2027-06-30T15:59:59Z",
                     "assignedAt": "2026-12-07T02:00:00Z", "replacedBy": null, "version": 2, "dueDateFlag": null}""")))
    public AssignmentView accept(@PathParam("id") UUID id) {
        return view(acceptance.accept(id));
    }

    /** 退回, with the reason; the supervision office then reassigns. */
    @POST
    @Path("{id}/return")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "returnAssignment", summary = "退回 — return an assignment",
            description = "The unit's officer (or a supervisor for it), with the reason: the work is not the unit's. The assignment "
            + "becomes RETURNED and waits in the office's work queue to be reassigned (改派) or withdrawn. Announces AssignmentReturned.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = Reason.class),
            examples = @ExampleObject(name = "not ours", value = """
            {"reason": "该事项属县自然资源局职责，建议改派"}""")))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not open (already returned, completed or withdrawn); the "
            + "problem names the `state` and `version` it met")
    @APIResponseSchema(value = AssignmentView.class, responseCode = "200", responseDescription = "Returned: the assignment now")
    public AssignmentView giveBack(@PathParam("id") UUID id, @Valid @NotNull Reason request) {
        return view(acceptance.giveBack(id, request.reason()));
    }

    /** 改派: a returned assignment to another unit; answers the new assignment. */
    @POST
    @Path("{id}/reassign")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "reassignAssignment", summary = "改派 — reassign a returned assignment",
            description = "Supervisors only. A RETURNED assignment goes to another unit with an optional reason: a new assignment "
            + "in the same role (ASSIGNED; `dueAt` gives it a new 完成时限, in the future, else the task's due date holds), the old one names it in `replacedBy`. Announces AssignmentTransferred "
            + "and TaskAssigned.")
    @APIResponse(responseCode = "201", description = "The new assignment; Location names it",
            headers = @Header(name = "Location", description = "/api/assignments/{id}",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = AssignmentView.class)))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not RETURNED, or was already reassigned; the problem names "
            + "the `state` and `version` it met (a unit that already holds the task is a 400 naming `unitId`)")
    public Response reassign(@PathParam("id") UUID id, @Valid @NotNull Reassignment request) {
        Assignment fresh = acceptance.reassign(id, request.unitId(), request.reason(), request.dueAt());
        return Response.created(URI.create("/api/assignments/" + fresh.id)).entity(view(fresh)).build();
    }

    /** 反馈 */
    @POST
    @Path("{id}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "reportProgress", summary = "反馈 — report progress", description = "The unit's officer (or a supervisor "
            + "for it). A progress report: percent complete, narrative, period, evidence references and uploaded evidence files "
            + "(`evidenceFileIds`), milestone actuals; `consolidated` for the lead unit's report on the whole task. An ASSIGNED "
            + "assignment is accepted (签收) with its first report. The report waits for 复核 by the lead unit or the office. Announces "
            + "ProgressReported.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewReport.class),
            examples = @ExampleObject(name = "a quarterly report", value = """
            {"percentComplete": 60, "narrative": "已完成12条背街小巷整治，剩余8条正在施工。", "period": "2027-Q1",
             "evidence": ["县住建发〔2027〕12号"], "milestoneActuals": [], "consolidated": false, "evidenceFileIds": []}""")))
    @APIResponse(responseCode = "201", description = "The report; Location names it", headers = @Header(name = "Location",
            description = "/api/assignments/{id}/reports/{reportId}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not open (returned, completed or withdrawn); the problem "
            + "names the `state` and `version` it met")
    public Response report(@PathParam("id") UUID id, @Valid @NotNull NewReport request) {
        ProgressReport report = reporting.report(id, request);
        return Response.created(URI.create("/api/assignments/" + id + "/reports/" + report.id)).entity(new Created(report.id))
                .build();
    }

    @GET
    @Path("{id}/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listAssignmentReports", summary = "An assignment's progress reports",
            description = "Supervisors, leaders, the unit's officers (and the lead unit's for its co-units). Every report, oldest "
            + "first, with its review (复核) status. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponseSchema(value = ReportView[].class, responseCode = "200", responseDescription = "OK")
    public List<ReportView> reports(@PathParam("id") UUID id) {
        return reporting.reports(id);
    }

    /** 复核 of the latest report, by the task's lead unit (or the supervision office). */
    @POST
    @Path("{id}/review")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "reviewReport", summary = "复核 — review the latest report",
            description = "The task's lead unit's officer (for a co-unit's report) or a supervisor. Approve the latest report, "
            + "or send it back with a note (the reason). Announces ReportReviewed; an approved report lets the office complete "
            + "(办结) the work.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = Review.class),
            examples = { @ExampleObject(name = "approve", value = "{\"approve\": true, \"note\": \"材料齐全，同意\"}"),
            @ExampleObject(name = "send back", value = "{\"approve\": false, \"note\": \"请补充整治前后对比照片\"}") }))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment has no report, or its latest report was already reviewed; "
            + "the problem names the `state` and `version` it met")
    @APIResponseSchema(value = ReportView.class, responseCode = "200", responseDescription = "The reviewed report")
    public ReportView review(@PathParam("id") UUID id, @Valid @NotNull Review request) {
        return reporting.review(id, request.approve(), request.note());
    }

    /** 延期申请 */
    @POST
    @Path("{id}/extensions")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "requestExtension", summary = "延期申请 — request an extension",
            description = "The unit's officer (or a supervisor for it), with the new 完成时限 asked for (a date alone is the end of "
            + "that day in Beijing time) and the reason. The request waits for the office's decision (work queue). Announces ExtensionRequested.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewExtension.class),
            examples = @ExampleObject(name = "to the end of June", value = """
            {"requestedDueAt": "2027-06-30", "reason": "施工受雨季影响，申请延期至6月底"}""")))
    @APIResponse(responseCode = "201", description = "The request (PENDING); Location names it",
            headers = @Header(name = "Location", description = "/api/assignments/{id}/extensions/{requestId}",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ExtensionView.class)))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "Ongoing work has no due date, a request is still pending, the limit of requests "
            + "is reached, or the assignment is not open; the problem names the `state` and `version` it met")
    public Response requestExtension(@PathParam("id") UUID id, @Valid @NotNull NewExtension request) {
        ExtensionRequest r = extensions.request(id, request.requestedDueAt(), request.reason());
        return Response.created(URI.create("/api/assignments/" + id + "/extensions/" + r.id)).entity(ExtensionView.of(r))
                .build();
    }

    @GET
    @Path("{id}/extensions")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listExtensions", summary = "An assignment's extension requests",
            description = "Supervisors, leaders, the unit's officers. Every request with its decision, oldest first. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponseSchema(value = ExtensionView[].class, responseCode = "200", responseDescription = "OK")
    public List<ExtensionView> extensions(@PathParam("id") UUID id) {
        return extensions.list(id).stream().map(ExtensionView::of).toList();
    }

    /** The supervision office approves or rejects a pending extension request. */
    @POST
    @Path("{id}/extensions/{requestId}/decision")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "decideExtension", summary = "延期审批 — approve or reject an extension",
            description = "Supervisors only. Approve (the assignment's 完成时限 becomes the one requested) or reject with a note the "
            + "unit is told (a rejection without a note is a 400 naming `note`). Announces ExtensionDecided (and DueDateChanged "
            + "when approved).")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = Decision.class),
            examples = { @ExampleObject(name = "approve", value = "{\"approve\": true}"),
            @ExampleObject(name = "reject", value = "{\"approve\": false, \"note\": \"时限为县政府常务会议确定，不予延期\"}") }))
    @APIResponse(responseCode = "404", description = "No such assignment, or no such request on it")
    @APIResponse(responseCode = "409", description = "The request was already decided; the problem names the `state` and `version` it met")
    @APIResponseSchema(value = ExtensionView.class, responseCode = "200", responseDescription = "The decided request")
    public ExtensionView decideExtension(@PathParam("id") UUID id, @PathParam("requestId") UUID requestId,
            @Valid @NotNull Decision request) {
        if (!request.approve() && (request.note() == null || request.note().isBlank())) {
            // the unit reads why its request was refused; a rejection without it says nothing it can act on
            throw Problem.invalidField("note", "a rejection needs its note (the reason the unit is told)");
        }
        return ExtensionView.of(extensions.decide(id, requestId, request.approve(), request.note()));
    }

    /** 办结销号, by the supervision office; no body, an optional {@code note} query parameter. */
    @POST
    @Path("{id}/complete")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "completeAssignment", summary = "办结销号 — complete an assignment",
            description = "Supervisors only, with an optional `note`. The assignment becomes COMPLETED (on time or late, by its "
            + "due date); a task whose lead unit has a report awaiting 复核 is refused. Announces TaskCompleted; misses end.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not open, or the lead unit has not approved (复核) its latest "
            + "report; the problem names the `state` and `version` it met")
    @APIResponseSchema(value = AssignmentView.class, responseCode = "200", responseDescription = "Completed: the assignment now")
    public AssignmentView complete(@PathParam("id") UUID id, @QueryParam("note") @Size(max = 4000) String note) {
        return view(closing.complete(id, note));
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "getAssignmentHistory", summary = "An assignment's history",
            description = "Supervisors, leaders, the unit's officers. Every status change with who, why and when, oldest first. "
            + "Changes nothing.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponseSchema(value = HistoryView[].class, responseCode = "200", responseDescription = "OK")
    public List<HistoryView> history(@PathParam("id") UUID id) {
        return queries.history(id);
    }

    /**
     * Body {@code {"reason": "…"}}, required, at most 4000 characters (400 naming {@code reason}); 409 naming the state
     * and the version when the assignment is no longer open or returned (e.g. COMPLETED, or already WITHDRAWN).
     */
    @POST
    @Path("{id}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "withdrawAssignment", summary = "撤销交办 — withdraw an assignment",
            description = "The supervision office withdraws open work, or"
            + " returned work it will not reassign, with a reason. The assignment becomes WITHDRAWN; its announced misses end"
            + " (DeadlineRecovered how WITHDRAWN) and AssignmentWithdrawn tells the unit and the status board.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = Reason.class),
            examples = @ExampleObject(name = "assigned by mistake", value = "{\"reason\": \"误交办，该任务由县财政局牵头\"}")))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is no longer open or returned (e.g. COMPLETED, already WITHDRAWN, "
            + "or reassigned); the problem names the `state` and `version` it met")
    @APIResponseSchema(value = AssignmentView.class, responseCode = "200",
            responseDescription = "Withdrawn: the assignment now")
    public AssignmentView withdraw(@PathParam("id") UUID id, @Valid @NotNull Reason request) {
        return view(withdrawal.withdraw(id, request.reason()));
    }

    private AssignmentView view(Assignment a) {
        return queries.view(a);
    }
}
