package org.duban.task.assignment;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import org.duban.platform.security.Roles;
import org.duban.task.plan.Task;
import org.duban.task.OpenApiTags;

/** 撤销交办 ({@link Withdrawal}): its own resource, so the lifecycle's resource stays as it is. */
@Tag(name = OpenApiTags.ASSIGNMENTS, description = OpenApiTags.ASSIGNMENTS_TEXT)
@Path("/api/assignments/{id}/withdraw")
public class WithdrawalResource {

    @Inject
    Withdrawal withdrawal;

    /**
     * Body {@code {"reason": "…"}}, required, at most 4000 characters (400 naming {@code reason}); 409 naming the state
     * and the version when the assignment is no longer open or returned (e.g. COMPLETED, or already WITHDRAWN).
     */
    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "withdrawAssignment", summary = "撤销交办 — withdraw an assignment",
            description = "The supervision office withdraws open work, or"
            + " returned work it will not reassign, with a reason. The assignment becomes WITHDRAWN; its announced misses end"
            + " (DeadlineRecovered how WITHDRAWN) and AssignmentWithdrawn tells the unit and the status board.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = AssignmentResource.Reason.class),
            examples = @ExampleObject(name = "assigned by mistake", value = "{\"reason\": \"误交办，该任务由县财政局牵头\"}")))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is no longer open or returned (e.g. COMPLETED, already WITHDRAWN, "
            + "or reassigned); the problem names the `state` and `version` it met")
    @APIResponseSchema(value = AssignmentResource.AssignmentView.class, responseCode = "200",
            responseDescription = "Withdrawn: the assignment now")
    public AssignmentResource.AssignmentView withdraw(@PathParam("id") UUID id, @Valid @NotNull AssignmentResource.Reason request) {
        Assignment a = withdrawal.withdraw(id, request.reason());
        return AssignmentResource.AssignmentView.of(a, Task.findById(a.taskId));
    }
}
