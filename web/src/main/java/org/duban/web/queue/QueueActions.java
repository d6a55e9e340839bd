package org.duban.web.queue;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.home.Page;

/**
 * The work queue's own actions, for the items no other page acts on: 复核 of a progress report (the office for a lead
 * unit's report, a lead unit's officer for its co-units': task-service decides who may) and 改派 of returned work to
 * another unit (the office). Each answers the queue again; a refusal is the error page naming the field or state.
 */
@Path("/queue")
@Authenticated
public class QueueActions extends Page {

    /** 复核: approve the latest report, or send it back with a note (required then; task-service names {@code note}). */
    @POST
    @Path("/{assignmentId}/review")
    public Response review(@PathParam("assignmentId") UUID assignmentId, @RestForm String approve, @RestForm String note) {
        if (!caller.isSupervisor() && !caller.isOfficer()) {
            throw new ForbiddenException();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approve", Boolean.parseBoolean(approve));
        body.put("note", note == null || note.isBlank() ? null : note.strip());
        api.post(Service.TASK, "/api/assignments/" + assignmentId + "/review", body);
        return Response.seeOther(URI.create("/queue")).build();
    }

    /** 改派: the returned work goes to another unit (a new assignment), with an optional reason. */
    @POST
    @Path("/{assignmentId}/reassign")
    public Response reassign(@PathParam("assignmentId") UUID assignmentId, @RestForm String unitId, @RestForm String reason) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitId", unitId == null || unitId.isBlank() ? null : unitId);
        body.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        api.post(Service.TASK, "/api/assignments/" + assignmentId + "/reassign", body);
        return Response.seeOther(URI.create("/queue")).build();
    }
}
