package org.duban.web.inspections;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.cards.UnitChoices;
import org.duban.web.evidence.Attachments;
import org.duban.web.evidence.Owner;
import org.duban.web.extensions.Back;
import org.duban.web.home.Page;

/**
 * 整改: a unit officer sees the findings about its unit, responds to them and reports each rectification done, with its
 * evidence files (整改佐证材料, uploaded to supervision-service first, as the desk's progress report does to task-service);
 * the office sees the open rectifications with the files their reports attached and closes (销号) or reopens a reported
 * one after its re-check (复核), with a note.
 */
@Path("/rectifications")
@Authenticated
public class RectificationsPage extends Page {

    @Inject
    Template rectifications;

    @Inject
    Attachments attachments;

    @GET
    public TemplateInstance show() {
        return page(null);
    }

    private TemplateInstance page(String error) {
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
            Map<String, Object> row = RectificationFiles.with(api, r);
            row.put("unitName", names.getOrDefault(String.valueOf(r.get("unitId")), String.valueOf(r.get("unitId"))));
            rows.add(row);
        }
        return pages.page(rectifications).data("findings", RectificationFiles.ofFindings(api, findings)).data("rectifications", rows)
                .data("evidenceLimits", attachments.limits()).data("error", error);
    }

    @POST
    @Path("/findings/{id}/response")
    public Response respond(@PathParam("id") UUID id, @RestForm String text) {
        requireOfficer();
        api.post(Service.SUPERVISION, "/api/findings/" + id + "/response", Map.of("text", text == null ? "" : text));
        return Response.seeOther(URI.create("/rectifications#f-" + id)).build();
    }

    /**
     * 报送整改情况 with its evidence files (multipart from the browser): the files go to supervision-service first, then the
     * report names them; a refused file (too large, wrong type) or a refused report leaves nothing behind.
     */
    @POST
    @Path("/{id}/report")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Object report(@PathParam("id") UUID id, @RestForm String text, @RestForm("files") List<FileUpload> files) {
        requireOfficer();
        List<FileUpload> chosen = Attachments.chosen(files);
        try {
            List<String> ids = attachments.upload(Owner.RECTIFICATION, id, chosen);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", text == null ? "" : text);
            body.put("evidenceFileIds", ids);
            try {
                api.post(Service.SUPERVISION, "/api/rectifications/" + id + "/report", body);
            } catch (ApiException refused) {
                attachments.discard(Owner.RECTIFICATION, ids);
                return page(refused.fields().stream().anyMatch(f -> f.startsWith("evidenceFileIds"))
                        ? "所附文件超过每次报送的限制，未报送：" + refused.detail() : refused.message());
            }
        } catch (Attachments.Refused refused) {
            return page(refused.getMessage());
        }
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
