package org.duban.web.cards;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.home.Page;

/**
 * 红黄牌 (supervision-service's cards): the office and leaders see the open cards (or all), the office issues a card by
 * hand (unit, task or assignment, colour, reason) and lifts one with a reason; a unit officer sees its unit's ledger
 * and acknowledges its cards, one or several at once.
 */
@Path("/cards")
@Authenticated
public class CardsPage extends Page {

    @Inject
    Template cards;

    @Inject
    Template cardIssue;

    @GET
    public TemplateInstance show(@QueryParam("all") boolean all) {
        String query;
        if (caller.readsBoard()) {
            query = all ? "/api/warnings" : "/api/warnings?open=true";
        } else if (caller.isOfficer()) {
            query = "/api/warnings?unitId=" + caller.unitId();
        } else {
            throw new ForbiddenException();
        }
        List<Map<String, Object>> ledger = new ArrayList<>(api.list(Service.SUPERVISION, query));
        // newest first: the API lists in the order issued
        java.util.Collections.reverse(ledger);
        long waiting = ledger.stream().filter(CardWords::awaitsAcknowledgement).count();
        return pages.page(cards).data("cards", ledger).data("all", all).data("waiting", waiting);
    }

    /** The form for a card by hand; from a task page it comes with the unit, task and assignment filled in. */
    @GET
    @Path("/new")
    public TemplateInstance form(@QueryParam("unitId") String unitId, @QueryParam("taskId") String taskId,
            @QueryParam("assignmentId") String assignmentId) {
        requireSupervisor();
        return issuePage(null, values(unitId, taskId, assignmentId, "YELLOW", ""));
    }

    @POST
    public Object issue(@RestForm String unitId, @RestForm String taskId, @RestForm String assignmentId, @RestForm String color,
            @RestForm String reason) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unitId", blankToNull(unitId));
        body.put("color", blankToNull(color));
        body.put("reason", reason == null ? "" : reason);
        body.put("taskId", blankToNull(taskId));
        body.put("assignmentId", blankToNull(assignmentId));
        try {
            api.post(Service.SUPERVISION, "/api/warnings", body);
        } catch (ApiException refused) {
            return issuePage(refused.message(), values(unitId, taskId, assignmentId, color, reason));
        }
        return Response.seeOther(URI.create("/cards")).build();
    }

    @POST
    @Path("/{id}/acknowledge")
    public Response acknowledge(@PathParam("id") UUID id) {
        requireOfficer();
        api.post(Service.SUPERVISION, "/api/warnings/" + id + "/acknowledge", null);
        return Response.seeOther(URI.create("/cards")).build();
    }

    /**
     * Acknowledges the cards ticked (or, with none ticked, every card still waiting) through supervision-service's bulk
     * acknowledgement: all or none, at most {@value #BULK} cards a call.
     */
    /** supervision-service's limit on one bulk acknowledgement. */
    static final int BULK = 200;

    @POST
    @Path("/acknowledge")
    public Response acknowledgeAll(@RestForm("warningId") List<UUID> ticked) {
        String unitId = requireOfficer();
        List<UUID> ids = ticked == null ? List.of() : ticked;
        if (ids.isEmpty()) {
            ids = api.list(Service.SUPERVISION, "/api/warnings?unitId=" + unitId).stream().filter(CardWords::awaitsAcknowledgement)
                    .map(c -> UUID.fromString(String.valueOf(c.get("warningId")))).toList();
        }
        for (int from = 0; from < ids.size(); from += BULK) {
            api.post(Service.SUPERVISION, "/api/warnings/acknowledge",
                    Map.of("warningIds", ids.subList(from, Math.min(ids.size(), from + BULK))));
        }
        return Response.seeOther(URI.create("/cards")).build();
    }

    @POST
    @Path("/{id}/lift")
    public Response lift(@PathParam("id") UUID id, @RestForm String reason) {
        requireSupervisor();
        api.post(Service.SUPERVISION, "/api/warnings/" + id + "/lift", Map.of("reason", reason == null ? "" : reason));
        return Response.seeOther(URI.create("/cards")).build();
    }

    private TemplateInstance issuePage(String error, Map<String, Object> values) {
        List<Map<String, Object>> tasks = values.get("taskId") == null || "".equals(values.get("taskId"))
                ? api.list(Service.TASK, "/api/tasks?limit=1000") : List.of();
        return pages.page(cardIssue).data("units", UnitChoices.active(api)).data("tasks", tasks).data("v", values)
                .data("error", error);
    }

    private static Map<String, Object> values(String unitId, String taskId, String assignmentId, String color, String reason) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("unitId", unitId == null ? "" : unitId);
        v.put("taskId", taskId == null ? "" : taskId);
        v.put("assignmentId", assignmentId == null ? "" : assignmentId);
        v.put("color", color == null ? "YELLOW" : color);
        v.put("reason", reason == null ? "" : reason);
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
