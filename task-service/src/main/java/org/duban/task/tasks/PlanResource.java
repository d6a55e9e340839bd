package org.duban.task.tasks;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.security.Roles;
import org.duban.task.OpenApiTags;
import org.duban.task.importer.PlanImportResource;
import org.duban.task.plan.PlanViews;

/**
 * {@code /api/plans…}: plans read ({@link TaskQueries}), their due dates revised in bulk ({@link DueDateRevision}), and
 * the import ({@code POST /api/plans/import}), whose HTTP mapping stays beside the readers it drives as the sub-resource
 * importer/PlanImportResource (no path of its own: this class is the one root of {@code /api/plans}). Supervisors and
 * leaders read everything; a unit officer reads only plans with work of its unit.
 */
@Tag(name = OpenApiTags.PLANS, description = OpenApiTags.PLANS_TEXT)
@Path("/api/plans")
public class PlanResource {

    @Inject
    TaskQueries queries;

    @Inject
    DueDateRevision dueDateRevision;

    @Inject
    PlanImportResource importing;

    @Inject
    SecurityIdentity identity;

    /**
     * {@code POST /api/plans/import} (supervisor): the document itself as the body; see {@link PlanImportResource}. The
     * locator carries the role too: endpoints without a role are denied (quarkus.security.jaxrs.deny-unannotated-endpoints).
     */
    @Path("import")
    @RolesAllowed(Roles.SUPERVISOR)
    public PlanImportResource importing() {
        return importing;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listPlans", summary = "方案列表 — list plans", description = "Supervisors, leaders, unit officers (only "
            + "plans with work of their unit). Each imported plan with its 文号, level, date and number of tasks, in import order. "
            + "Changes nothing.")
    public List<PlanViews.PlanSummary> list() {
        return queries.plans();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "getPlan", summary = "Read a plan", description = "Supervisors, leaders, unit officers whose unit "
            + "has work in it. The plan with its annexes (附件), sections and tasks counted. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No plan with this id")
    @APIResponseSchema(value = PlanViews.PlanView.class, responseCode = "200", responseDescription = "OK")
    public PlanViews.PlanView plan(@PathParam("id") UUID id) {
        return queries.plan(id);
    }

    /**
     * 完成时限 set in bulk: a section's tasks or listed tasks of the plan take a new due date (end of that day in Beijing),
     * with a reason; each open assignment moves and its unit is told ({@code DueDateChanged}). For a plan adopted under
     * way, whose printed dates have passed (the import's {@code dueBeforeAdoption} lists them).
     */
    @POST
    @Path("{id}/due-dates")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "reviseDueDates", summary = "调整完成时限 — set due dates in bulk",
            description = "Supervisors only. A section's tasks, or listed tasks of the plan, take a new 完成时限 (`dueOn`: the end "
            + "of that day in Beijing time) with a reason; each open assignment moves and its unit is told. For a plan adopted "
            + "under way whose printed dates have passed (the import's `dueBeforeAdoption`). Announces DueDateChanged for each "
            + "moved assignment.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = DueDateRevision.Revision.class),
            examples = @ExampleObject(name = "a section re-dated", value = """
            {"sectionId": "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "dueOn": "2027-03-31", "reason": "方案于2026年12月7日启用，原定时限已过，统一调整"}""")))
    @APIResponse(responseCode = "404", description = "No plan with this id")
    @APIResponseSchema(value = DueDateRevision.Revised.class, responseCode = "200", responseDescription = "What moved")
    public DueDateRevision.Revised reviseDueDates(@PathParam("id") UUID id,
            @jakarta.validation.Valid @NotNull DueDateRevision.Revision revision) {
        return dueDateRevision.revise(id, revision, identity.getPrincipal().getName() + " (supervisor)");
    }
}
