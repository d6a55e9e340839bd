package org.duban.web.inspections;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.cards.UnitChoices;
import org.duban.web.extensions.Back;
import org.duban.web.home.Page;

/**
 * 整改: a unit officer sees the findings about its unit, responds to them and reports each rectification done; the
 * office sees the open rectifications and closes (销号) or reopens a reported one after its re-check (复核), with a note.
 */
@Path("/rectifications")
@Authenticated
public class RectificationsPage extends Page {

    @Inject
    Template rectifications;

    @GET
    public TemplateInstance show() {
        List<Map<String, Object>> findings;
        List<Map<String, Object>> open;
        if (caller.isOfficer()) {
            findings = api.list(Service.SUPERVISION, "/api/findings?unitId=" + caller.unitId());
            open = List.of(); // each finding carries its rectifications
        } else if (caller.readsBoard()) {
            findings = List.of();
            open = api.list(Service.SUPERVISION, "/api/rectifications?open=true");
        } else {
            throw new ForbiddenException();
        }
        Map<String, String> names = UnitChoices.names(UnitChoices.active(api));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : open) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("unitName", names.getOrDefault(String.valueOf(r.get("unitId")), String.valueOf(r.get("unitId"))));
            rows.add(row);
        }
        return pages.page(rectifications).data("findings", findings).data("rectifications", rows);
    }

    @POST
    @Path("/findings/{id}/response")
    public Response respond(@PathParam("id") UUID id, @RestForm String text) {
        requireOfficer();
        api.post(Service.SUPERVISION, "/api/findings/" + id + "/response", Map.of("text", text == null ? "" : text));
        return Response.seeOther(URI.create("/rectifications#f-" + id)).build();
    }

    @POST
    @Path("/{id}/report")
    public Response report(@PathParam("id") UUID id, @RestForm String text) {
        requireOfficer();
        api.post(Service.SUPERVISION, "/api/rectifications/" + id + "/report", Map.of("text", text == null ? "" : text));
        return Response.seeOther(URI.create("/rectifications#r-" + id)).build();
    }

    /** 复核: close (销号) or reopen (back to the unit) a reported rectification, with a note. */
    @POST
    @Path("/{id}/review")
    public Response review(@PathParam("id") UUID id, @RestForm String close, @RestForm String note, @RestForm String back) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("close", Boolean.parseBoolean(close));
        body.put("note", note == null || note.isBlank() ? null : note.strip());
        api.post(Service.SUPERVISION, "/api/rectifications/" + id + "/review", body);
        return Response.seeOther(URI.create(Back.to(back, "/rectifications"))).build();
    }
}
