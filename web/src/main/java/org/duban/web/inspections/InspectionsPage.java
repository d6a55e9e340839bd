package org.duban.web.inspections;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.cards.UnitChoices;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * 督查 (supervision-service's inspections): the office plans one (title, kind, start, units, checklist), records
 * findings for units in its scope — each may order a rectification (整改) with its deadline, whose report shows the
 * evidence files (整改佐证材料) the unit attached, downloadable here — and cancels one that has no findings, with a reason.
 * Leaders read them.
 */
@Path("/inspections")
@Authenticated
public class InspectionsPage extends Page {

    @Inject
    Template inspections;

    @Inject
    Template inspection;

    @GET
    public TemplateInstance list() {
        return listPage(null, Map.of());
    }

    @POST
    public Object plan(@RestForm String title, @RestForm String kind, @RestForm String startsAt,
            @RestForm("unitId") List<String> unitIds, @RestForm String checklist) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title == null ? "" : title);
        body.put("kind", kind);
        body.put("startsAt", BeijingInput.dateTime(startsAt));
        body.put("unitIds", unitIds == null ? List.of() : unitIds);
        body.put("checklist", lines(checklist));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> planned = (Map<String, Object>) api.post(Service.SUPERVISION, "/api/inspections", body);
            return Response.seeOther(URI.create("/inspections/" + planned.get("inspectionId"))).build();
        } catch (ApiException refused) {
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("title", title);
            typed.put("kind", kind);
            typed.put("startsAt", startsAt);
            typed.put("checklist", checklist);
            return listPage(refused.message(), typed);
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@PathParam("id") UUID id) {
        return page(id, null);
    }

    @POST
    @Path("/{id}/findings")
    public Object record(@PathParam("id") UUID id, @RestForm String unitId, @RestForm String text, @RestForm String requirement,
            @RestForm String rectifyBy) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitId", unitId == null || unitId.isBlank() ? null : unitId);
        body.put("text", text == null ? "" : text);
        if (requirement != null && !requirement.isBlank()) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("requirement", requirement);
            order.put("dueAt", BeijingInput.endOfDay(rectifyBy));
            body.put("rectification", order);
        }
        try {
            api.post(Service.SUPERVISION, "/api/inspections/" + id + "/findings", body);
        } catch (ApiException refused) {
            return page(id, refused.message());
        }
        return Response.seeOther(URI.create("/inspections/" + id + "#findings")).build();
    }

    @POST
    @Path("/{id}/cancel")
    public Object cancel(@PathParam("id") UUID id, @RestForm String reason) {
        requireSupervisor();
        try {
            api.post(Service.SUPERVISION, "/api/inspections/" + id + "/cancel", Map.of("reason", reason == null ? "" : reason));
        } catch (ApiException refused) {
            return page(id, refused.message());
        }
        return Response.seeOther(URI.create("/inspections/" + id)).build();
    }

    private TemplateInstance listPage(String error, Map<String, Object> typed) {
        requireBoardReader();
        List<Map<String, Object>> units = caller.isSupervisor() ? UnitChoices.active(api) : List.of();
        String start = LocalDateTime.now(Dates.ZONE).truncatedTo(ChronoUnit.MINUTES).toString();
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("title", "");
        form.put("kind", "REGULAR");
        form.put("startsAt", start);
        form.put("checklist", "");
        typed.forEach((k, v) -> form.put(k, v == null ? "" : v));
        return pages.page(inspections).data("inspections", api.list(Service.SUPERVISION, "/api/inspections")).data("units", units)
                .data("form", form).data("error", error);
    }

    private TemplateInstance page(UUID id, String error) {
        requireBoardReader();
        Map<String, Object> i = api.map(Service.SUPERVISION, "/api/inspections/" + id);
        List<Map<String, Object>> findings = api.list(Service.SUPERVISION, "/api/findings?inspectionId=" + id);
        Map<String, String> names = UnitChoices.names(UnitChoices.active(api));
        List<Map<String, Object>> scope = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object> unitIds = (List<Object>) i.getOrDefault("unitIds", List.of());
        for (Object u : unitIds) {
            scope.add(Map.of("id", String.valueOf(u), "name", names.getOrDefault(String.valueOf(u), String.valueOf(u))));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> f : RectificationFiles.ofFindings(api, findings)) {
            Map<String, Object> row = new LinkedHashMap<>(f);
            row.put("unitName", names.getOrDefault(String.valueOf(f.get("unitId")), String.valueOf(f.get("unitId"))));
            rows.add(row);
        }
        boolean open = "SCHEDULED".equals(i.get("status"));
        return pages.page(inspection).data("i", i).data("scope", scope).data("findings", rows).data("error", error)
                .data("mayRecord", caller.isSupervisor() && open).data("mayCancel", caller.isSupervisor() && open && rows.isEmpty())
                .data("rectifyBy", java.time.LocalDate.now(Dates.ZONE).plusDays(30));
    }

    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
