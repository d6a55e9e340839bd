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

import org.duban.platform.security.Roles;
import org.duban.task.plan.Task;

/** 撤销交办 ({@link Withdrawal}): its own resource, so the lifecycle's resource stays as it is. */
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
    @Operation(summary = "撤销交办: withdraw an assignment", description = "The supervision office withdraws open work, or"
            + " returned work it will not reassign, with a reason. The assignment becomes WITHDRAWN; its announced misses end"
            + " (DeadlineRecovered how WITHDRAWN) and AssignmentWithdrawn tells the unit and the status board.")
    public AssignmentResource.AssignmentView withdraw(@PathParam("id") UUID id, @Valid @NotNull AssignmentResource.Reason request) {
        Assignment a = withdrawal.withdraw(id, request.reason());
        return AssignmentResource.AssignmentView.of(a, Task.findById(a.taskId));
    }
}
