package org.duban.web.extensions;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * 延期申请 (task-service's extension requests): the unit officer asks from the desk for a new date with a reason; the
 * supervision office approves or rejects (a rejection needs its note) from the task page or the work queue.
 */
@Path("/extensions")
@Authenticated
public class ExtensionsPage extends Page {

    @Inject
    Template extensionRequest;

    /** The request form for one assignment (its unit's officer, or the office), with the requests made before. */
    @GET
    @Path("/new")
    public TemplateInstance form(@QueryParam("assignmentId") UUID assignmentId) {
        requireRequester();
        if (assignmentId == null) {
            throw new ApiException(400, "未指定要延期的交办任务", java.util.List.of("assignmentId"));
        }
        return page(assignmentId, null, null, null);
    }

    @POST
    @Path("/new")
    public Object request(@RestForm UUID assignmentId, @RestForm String requestedDueAt, @RestForm String reason) {
        requireRequester();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestedDueAt", requestedDueAt == null || requestedDueAt.isBlank() ? null : requestedDueAt.strip());
        body.put("reason", reason == null ? "" : reason);
        try {
            api.post(Service.TASK, "/api/assignments/" + assignmentId + "/extensions", body);
        } catch (ApiException refused) {
            return page(assignmentId, refused.message(), requestedDueAt, reason);
        }
        if (caller.isOfficer()) {
            return Response.seeOther(URI.create("/desk#a-" + assignmentId)).build();
        }
        Map<String, Object> a = api.map(Service.TASK, "/api/assignments/" + assignmentId);
        return Response.seeOther(URI.create("/tasks/" + a.get("taskId") + "#a-" + assignmentId)).build();
    }

    /** The office's decision: approve (the requested date becomes the due date) or reject with a note. */
    @POST
    @Path("/{assignmentId}/{requestId}/decision")
    public Response decide(@PathParam("assignmentId") UUID assignmentId, @PathParam("requestId") UUID requestId,
            @RestForm String approve, @RestForm String note, @RestForm String back) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approve", Boolean.parseBoolean(approve));
        body.put("note", note == null || note.isBlank() ? null : note.strip());
        api.post(Service.TASK, "/api/assignments/" + assignmentId + "/extensions/" + requestId + "/decision", body);
        return Response.seeOther(URI.create(Back.to(back, "/queue"))).build();
    }

    private TemplateInstance page(UUID assignmentId, String error, String requestedDueAt, String reason) {
        Map<String, Object> a = api.map(Service.TASK, "/api/assignments/" + assignmentId);
        return pages.page(extensionRequest).data("a", a)
                .data("extensions", api.list(Service.TASK, "/api/assignments/" + assignmentId + "/extensions"))
                .data("error", error).data("requestedDueAt", requestedDueAt == null ? "" : requestedDueAt)
                .data("reason", reason == null ? "" : reason)
                .data("earliest", LocalDate.now(Dates.ZONE).plusDays(1));
    }

    /** The unit's officer asks for its own assignment (the API checks the unit); the office may ask for a unit too. */
    private void requireRequester() {
        if (!caller.isOfficer() && !caller.isSupervisor()) {
            throw new ForbiddenException();
        }
    }
}
