package org.duban.supervision.disclosure;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;
import org.duban.supervision.history.History;

/**
 * The supervision office's side of public disclosure (政务公开): publish and withdraw a bulletin or a task's public progress
 * summary, mark a report's text public, read the catalogue with withdrawn entries and each entry's history.
 */
@Tag(name = "Disclosure (政务公开)", description = "政务公开 — what the supervision office makes public: bulletins, task progress summaries, report texts")
@Path("/api/disclosure")
public class DisclosureResource {

    /** Optional: 信息名称 and 内容概述 in the office's words (otherwise made from the bulletin or task). */
    public record Publication(@Size(max = 200) String title, @Size(max = 1000) String summary) {
    }

    public record Withdrawal(@Size(max = 2000) String reason) {
    }

    @Inject
    Disclosure disclosure;

    @POST
    @Path("/bulletins/{id}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "discloseBulletin", summary = "公开通报 — disclose a published bulletin", description = "The supervision office makes a published bulletin public on the no-login pages, with 信息名称 and 内容概述 in its own words or made from the bulletin; it gets its 索引号. Recorded in the entry history.")
    @APIResponse(responseCode = "200", description = "The public entry",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ItemView.class)))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    @APIResponse(responseCode = "409", description = "The bulletin is not published yet, or is public already")
    public Disclosure.ItemView publishBulletin(@PathParam("id") UUID id, @Valid Publication p) {
        return disclosure.publishBulletin(id, p == null ? null : p.title(), p == null ? null : p.summary());
    }

    @POST
    @Path("/bulletins/{id}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "withdrawBulletinDisclosure", summary = "撤回公开通报 — withdraw a bulletin from the public pages", description = "The bulletin disappears from the public pages; the entry and why it was withdrawn stay in its history.")
    @APIResponse(responseCode = "200", description = "The entry, withdrawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ItemView.class)))
    @APIResponse(responseCode = "409", description = "Nothing public to withdraw for this bulletin")
    public Disclosure.ItemView withdrawBulletin(@PathParam("id") UUID id, @Valid Withdrawal w) {
        return disclosure.withdraw(DisclosureItem.BULLETIN, id, w == null ? null : w.reason());
    }

    @POST
    @Path("/tasks/{taskId}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "discloseTask", summary = "公开任务进展 — disclose a task progress summary", description = "The task status, percent complete, lead units and last public report text become public, with its 索引号.")
    @APIResponse(responseCode = "200", description = "The public entry",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ItemView.class)))
    @APIResponse(responseCode = "404", description = "No task with this id is known to the supervision office")
    @APIResponse(responseCode = "409", description = "The task is public already")
    public Disclosure.ItemView publishTask(@PathParam("taskId") UUID taskId, @Valid Publication p) {
        return disclosure.publishTask(taskId, p == null ? null : p.title(), p == null ? null : p.summary());
    }

    @POST
    @Path("/tasks/{taskId}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "withdrawTaskDisclosure", summary = "撤回任务进展 — withdraw a task summary", description = "The task summary disappears from the public pages; the entry and the reason stay in its history.")
    @APIResponse(responseCode = "200", description = "The entry, withdrawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ItemView.class)))
    @APIResponse(responseCode = "409", description = "Nothing public to withdraw for this task")
    public Disclosure.ItemView withdrawTask(@PathParam("taskId") UUID taskId, @Valid Withdrawal w) {
        return disclosure.withdraw(DisclosureItem.TASK, taskId, w == null ? null : w.reason());
    }

    /** The report's text becomes public (a task summary shows the last public one). */
    @POST
    @Path("/reports/{reportId}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "discloseReport", summary = "公开反馈内容 — mark a report text public", description = "A progress report text may now appear in its task public summary (the last public one is shown).")
    @APIResponse(responseCode = "200", description = "The report, public",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ReportView.class)))
    @APIResponse(responseCode = "404", description = "No report with this id is known to the supervision office")
    @APIResponse(responseCode = "409", description = "The report text is public already")
    public Disclosure.ReportView publishReport(@PathParam("reportId") UUID reportId) {
        return disclosure.markReport(reportId, true);
    }

    @POST
    @Path("/reports/{reportId}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "withdrawReportDisclosure", summary = "撤回反馈内容 — the report text is no longer public", description = "The text leaves the task public summary.")
    @APIResponse(responseCode = "200", description = "The report, not public",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.ReportView.class)))
    @APIResponse(responseCode = "404", description = "No report with this id is known to the supervision office")
    @APIResponse(responseCode = "409", description = "The report text is not public already")
    public Disclosure.ReportView withdrawReport(@PathParam("reportId") UUID reportId) {
        return disclosure.markReport(reportId, false);
    }

    /** Every entry, public and withdrawn, newest first. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listDisclosures", summary = "公开目录 (含撤回) — every entry", description = "Every disclosure entry, public and withdrawn, newest first; planId narrows to one plan. Supervisor and leader.")
    @APIResponse(responseCode = "200", description = "The entries",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = Disclosure.ItemView.class)))
    public List<Disclosure.ItemView> items(@QueryParam("planId") UUID planId) {
        return disclosure.items(planId);
    }

    /** A task's reports with their texts and whether each is public: what the office chooses from. */
    @GET
    @Path("/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listDisclosableReports", summary = "A task reports, public or not", description = "The progress reports of a task with their texts and whether each is public: what the office chooses from.")
    @APIResponse(responseCode = "200", description = "The reports",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = Disclosure.ReportView.class)))
    @APIResponse(responseCode = "400", description = "taskId missing")
    public List<Disclosure.ReportView> reports(@QueryParam("taskId") UUID taskId) {
        if (taskId == null) {
            throw org.duban.platform.problem.Problem.invalidField("taskId", "query parameter is required");
        }
        return disclosure.reports(taskId);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "disclosureHistory", summary = "A disclosure entry history", description = "Published, withdrawn, published again: who did it, when, why.")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
    public List<History.Step> history(@PathParam("id") UUID id) {
        return disclosure.history(id);
    }
}
