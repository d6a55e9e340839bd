package org.duban.web.withdraw;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.home.Page;

/**
 * 撤销交办 from the task page (supervision office): task-service's {@code POST /api/assignments/{id}/withdraw} with
 * the reason (required; a refusal is shown naming the field or the state).
 */
@Path("/withdraw")
@Authenticated
public class WithdrawPage extends Page {

    @POST
    @Path("/{assignmentId}")
    public Response withdraw(@PathParam("assignmentId") UUID assignmentId, @RestForm String reason) {
        requireSupervisor();
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) api.post(Service.TASK, "/api/assignments/" + assignmentId + "/withdraw",
                Map.of("reason", reason == null ? "" : reason));
        Object task = a == null ? null : a.get("taskId");
        return Response.seeOther(URI.create(task == null ? "/board" : "/tasks/" + task + "#a-" + assignmentId)).build();
    }
}
