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

import org.duban.platform.security.Roles;
import org.duban.supervision.history.History;

/**
 * The supervision office's side of public disclosure (政务公开): publish and withdraw a bulletin or a task's public progress
 * summary, mark a report's text public, read the catalogue with withdrawn entries and each entry's history.
 */
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
    public Disclosure.ItemView publishBulletin(@PathParam("id") UUID id, @Valid Publication p) {
        return disclosure.publishBulletin(id, p == null ? null : p.title(), p == null ? null : p.summary());
    }

    @POST
    @Path("/bulletins/{id}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    public Disclosure.ItemView withdrawBulletin(@PathParam("id") UUID id, @Valid Withdrawal w) {
        return disclosure.withdraw(DisclosureItem.BULLETIN, id, w == null ? null : w.reason());
    }

    @POST
    @Path("/tasks/{taskId}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    public Disclosure.ItemView publishTask(@PathParam("taskId") UUID taskId, @Valid Publication p) {
        return disclosure.publishTask(taskId, p == null ? null : p.title(), p == null ? null : p.summary());
    }

    @POST
    @Path("/tasks/{taskId}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    public Disclosure.ItemView withdrawTask(@PathParam("taskId") UUID taskId, @Valid Withdrawal w) {
        return disclosure.withdraw(DisclosureItem.TASK, taskId, w == null ? null : w.reason());
    }

    /** The report's text becomes public (a task summary shows the last public one). */
    @POST
    @Path("/reports/{reportId}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    public Disclosure.ReportView publishReport(@PathParam("reportId") UUID reportId) {
        return disclosure.markReport(reportId, true);
    }

    @POST
    @Path("/reports/{reportId}/withdraw")
    @RolesAllowed(Roles.SUPERVISOR)
    public Disclosure.ReportView withdrawReport(@PathParam("reportId") UUID reportId) {
        return disclosure.markReport(reportId, false);
    }

    /** Every entry, public and withdrawn, newest first. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<Disclosure.ItemView> items(@QueryParam("planId") UUID planId) {
        return disclosure.items(planId);
    }

    /** A task's reports with their texts and whether each is public: what the office chooses from. */
    @GET
    @Path("/reports")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<Disclosure.ReportView> reports(@QueryParam("taskId") UUID taskId) {
        if (taskId == null) {
            throw org.duban.platform.problem.Problem.invalidField("taskId", "query parameter is required");
        }
        return disclosure.reports(taskId);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<History.Step> history(@PathParam("id") UUID id) {
        return disclosure.history(id);
    }
}
