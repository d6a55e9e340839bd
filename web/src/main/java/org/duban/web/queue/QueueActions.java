package org.duban.web.queue;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * The work queue's own actions, for the items no other page acts on: 复核 of a progress report (the office for a lead
 * unit's report, a lead unit's officer for its co-units': task-service decides who may) and 改派 of returned work to
 * another unit, with a new due date if the office gives one (the office). Each answers the queue again; a refusal is the error page naming the field or state.
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

    /**
     * 改派: the returned work goes to another unit (a new assignment), with an optional reason and an optional new
     * 完成时限 (a day: the end of it in Beijing; without one the task's due date holds, task-service decides).
     */
    @POST
    @Path("/{assignmentId}/reassign")
    public Response reassign(@PathParam("assignmentId") UUID assignmentId, @RestForm String unitId, @RestForm String reason,
            @RestForm String dueAt) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitId", unitId == null || unitId.isBlank() ? null : unitId);
        body.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        body.put("dueAt", dueDate(dueAt));
        api.post(Service.TASK, "/api/assignments/" + assignmentId + "/reassign", body);
        return Response.seeOther(URI.create("/queue")).build();
    }

    /** The form's day as an instant; a malformed one is passed on as typed, so task-service's 400 names {@code dueAt}. */
    static Object dueDate(String day) {
        try {
            Instant due = Dates.endOfDay(day);
            return due == null ? null : due.toString();
        } catch (DateTimeParseException malformed) {
            return day;
        }
    }
}
