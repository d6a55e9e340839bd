package org.duban.task.tasks;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;
import org.duban.task.OpenApiTags;
import org.duban.task.plan.Designation;

/**
 * {@code /api/designations…}: the groups whose units are still to be named (待明确), listed and designated through
 * {@link Designations}; the supervision office settles everything, a lead unit's officer the tasks its unit leads.
 */
@Tag(name = OpenApiTags.DESIGNATIONS, description = OpenApiTags.DESIGNATIONS_TEXT)
@Path("/api/designations")
public class DesignationResource {

    /** The units that take over a group's share of the task. */
    public record DesignatedUnits(@NotEmpty List<@NotNull UUID> unitIds) {
    }

    @Inject
    Designations designations;

    @Inject
    JsonWebToken token;

    /** The work still to be designated (or, with {@code status=DESIGNATED}, what was designated). */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listDesignations", summary = "待明确 — work to be designated",
            description = "Supervisors, leaders, and lead units' officers (for tasks their unit leads). The groups a task names "
            + "whose units are still to be named (e.g. 各乡镇人民政府 before any township is registered), or with `status=DESIGNATED` "
            + "those already named; optionally one plan's. Changes nothing.")
    public List<Designations.DesignationLine> designations(@QueryParam("status") Designation.Status status, @QueryParam("planId") UUID planId) {
        return designations.list(status, planId);
    }

    /**
     * Names the units for a group's share of a task: each gets an assignment in the group's role
     * ({@code TaskAssigned}); a unit that already holds the task in that role is not assigned twice.
     */
    @POST
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "designateUnits", summary = "明确责任单位 — name the units for a group's share",
            description = "Supervisors, or the officer of the task's lead unit. Each named unit gets an assignment in the group's "
            + "role (a unit already holding it is not assigned twice). Announces TaskAssigned for each.")
    @APIResponse(responseCode = "404", description = "No designation with this id")
    @APIResponse(responseCode = "409", description = "The designation was already made; the problem names the `state` and `version` it met")
    @APIResponseSchema(value = Designations.DesignationLine.class, responseCode = "200", responseDescription = "The designation, with the assignments it created")
    public Designations.DesignationLine designate(@PathParam("id") UUID id, @Valid @NotNull DesignatedUnits request) {
        return designations.designate(id, request.unitIds(), token.getRawToken());
    }
}
