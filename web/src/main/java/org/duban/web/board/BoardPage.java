package org.duban.web.board;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.config.WebConfig;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * The supervision office's and the leaders' board: lights by plan, section and unit (supervision-service's
 * overview), the overdue and approaching lists (task-service's tasks), one unit's lights with their reasons.
 */
@Path("/board")
@Authenticated
public class BoardPage extends Page {

    @Inject
    WebConfig config;

    @Inject
    Template board;

    @Inject
    Template unitBoard;

    /** The clock of "now" for days late and 序时进度 explanations (the services use their own). */
    final Clock clock = Clock.systemUTC();

    @GET
    public TemplateInstance board(@QueryParam("planId") UUID planId) {
        requireBoardReader();
        Instant now = clock.instant();
        Map<String, Object> overview = api.map(Service.SUPERVISION, "/api/overview" + (planId == null ? "" : "?planId=" + planId));
        List<Map<String, Object>> plans = api.list(Service.TASK, "/api/plans");
        List<Map<String, Object>> overdue = new ArrayList<>();
        for (Map<String, Object> t : api.list(Service.TASK, "/api/tasks?overdue=true&limit=1000" + plan(planId))) {
            Map<String, Object> row = new LinkedHashMap<>(t);
            row.put("dueAt", dueAt(t));
            row.put("daysLate", Dates.daysLate(dueAt(t), now));
            overdue.add(row);
        }
        overdue.sort(Comparator.comparingLong((Map<String, Object> r) -> (Long) r.get("daysLate")).reversed());
        List<Map<String, Object>> approaching = new ArrayList<>();
        Instant horizon = now.plus(config.approaching());
        for (Map<String, Object> t : api.list(Service.TASK, "/api/tasks?overdue=false&limit=1000" + plan(planId))) {
            Instant due = Dates.instant(dueAt(t));
            if (due != null && due.isAfter(now) && !due.isAfter(horizon)) {
                Map<String, Object> row = new LinkedHashMap<>(t);
                row.put("dueAt", dueAt(t));
                row.put("daysLeft", -Dates.daysLate(dueAt(t), now));
                approaching.add(row);
            }
        }
        approaching.sort(Comparator.comparingLong(r -> (Long) r.get("daysLeft")));
        return pages.page(board).data("overview", overview).data("plans", plans).data("planId", planId == null ? "" : planId.toString())
                .data("overdue", overdue).data("approaching", approaching);
    }

    /** One unit's assignments with light and reason; a unit officer may read its own unit's. */
    @GET
    @Path("/units/{unitId}")
    public TemplateInstance unit(@PathParam("unitId") UUID unitId) {
        if (!caller.readsBoard() && !unitId.toString().equals(caller.unitId())) {
            throw new ForbiddenException();
        }
        Instant now = clock.instant();
        Map<String, Object> unit = api.map(Service.UNIT, "/api/units/" + unitId);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : api.list(Service.SUPERVISION, "/api/overview/units/" + unitId)) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("reason", Lights.reason(r, now));
            rows.add(row);
        }
        rows.sort(Comparator.comparingInt((Map<String, Object> r) -> urgency(r.get("light"))));
        return pages.page(unitBoard).data("unit", unit).data("rows", rows);
    }

    static int urgency(Object light) {
        return switch (String.valueOf(light)) {
            case "RED" -> 0;
            case "YELLOW" -> 1;
            default -> 2;
        };
    }

    @SuppressWarnings("unchecked")
    static Object dueAt(Map<String, Object> task) {
        Object deadline = task.get("deadline");
        return deadline instanceof Map<?, ?> d ? ((Map<String, Object>) d).get("dueAt") : null;
    }

    private static String plan(UUID planId) {
        return planId == null ? "" : "&planId=" + URLEncoder.encode(planId.toString(), StandardCharsets.UTF_8);
    }
}
