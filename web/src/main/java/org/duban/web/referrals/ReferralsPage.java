package org.duban.web.referrals;

import java.net.URI;
import java.util.ArrayList;
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
import org.duban.web.home.Page;

/**
 * 追责问责 (supervision-service's referrals): the files drafted by rule (red cards in a quarter) or by hand, with their
 * basis and history; the office drafts one by hand, refers a drafted file (移送) and records the decision. Leaders read.
 */
@Path("/referrals")
@Authenticated
public class ReferralsPage extends Page {

    @Inject
    Template referrals;

    @GET
    public TemplateInstance list() {
        return page(null);
    }

    @POST
    public Object draft(@RestForm String unitId, @RestForm String basis) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitId", unitId == null || unitId.isBlank() ? null : unitId);
        body.put("basis", basis == null ? "" : basis);
        try {
            api.post(Service.SUPERVISION, "/api/referrals", body);
        } catch (ApiException refused) {
            return page(refused.message());
        }
        return Response.seeOther(URI.create("/referrals")).build();
    }

    /** 移送 (DRAFTED → REFERRED) or 处理决定 (REFERRED → DECIDED, the note is the decision). */
    @POST
    @Path("/{id}/{step:refer|decide}")
    public Object step(@PathParam("id") UUID id, @PathParam("step") String step, @RestForm String note) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("note", note == null || note.isBlank() ? null : note.strip());
        try {
            api.post(Service.SUPERVISION, "/api/referrals/" + id + "/" + step, body);
        } catch (ApiException refused) {
            return page(refused.message());
        }
        return Response.seeOther(URI.create("/referrals#r-" + id)).build();
    }

    private TemplateInstance page(String error) {
        requireBoardReader();
        List<Map<String, Object>> units = UnitChoices.active(api);
        Map<String, String> names = UnitChoices.names(units);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : api.list(Service.SUPERVISION, "/api/referrals")) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("unitName", names.getOrDefault(String.valueOf(r.get("unitId")), String.valueOf(r.get("unitId"))));
            rows.add(row);
        }
        // the files waiting for the office first (drafted, then referred), newest first within each
        rows.sort(java.util.Comparator.comparingInt((Map<String, Object> r) -> rank(r.get("state")))
                .thenComparing(r -> String.valueOf(r.get("createdAt")), java.util.Comparator.reverseOrder()));
        return pages.page(referrals).data("referrals", rows).data("units", caller.isSupervisor() ? units : List.of())
                .data("error", error);
    }

    static int rank(Object state) {
        return switch (String.valueOf(state)) {
            case "DRAFTED" -> 0;
            case "REFERRED" -> 1;
            case "DECIDED" -> 2;
            default -> 3;
        };
    }
}
