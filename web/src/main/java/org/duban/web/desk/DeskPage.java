package org.duban.web.desk;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.board.Lights;
import org.duban.web.evidence.Attachments;
import org.duban.web.evidence.ReportFiles;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * A unit officer's desk: the unit's assignments, most urgent first, with 签收, 退回 (with a reason) and a progress
 * report (percent, narrative, the quantitative figures of the task's measured milestones, evidence files) on each. With htmx an action answers the assignment's card alone; without
 * JavaScript the form posts and the desk is shown again.
 */
@Path("/desk")
@Authenticated
public class DeskPage extends Page {

    static final List<String> OPEN = List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "REPORTED");

    @Inject
    Template desk;

    @Inject
    Attachments attachments;

    final Clock clock = Clock.systemUTC();

    @GET
    public TemplateInstance show() {
        return page(null);
    }

    private TemplateInstance page(String error) {
        String unitId = requireOfficer();
        Map<String, Object> unit = api.map(Service.UNIT, "/api/units/" + unitId);
        Map<String, Map<String, Object>> lights = lights(unitId);
        Map<String, List<Map<String, Object>>> measures = Measures.byTask(api.list(Service.TASK, "/api/tasks?limit=1000"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> a : api.list(Service.TASK, "/api/assignments?limit=1000&unitId=" + unitId)) {
            Map<String, Object> row = card(a, lights.get(String.valueOf(a.get("id"))));
            // a report's files: only where a report may have been made (one call per such assignment)
            row.put("files", "ASSIGNED".equals(a.get("status")) ? List.of() : ReportFiles.of(api, a.get("id")));
            row.put("measures", measures.getOrDefault(String.valueOf(a.get("taskId")), List.of()));
            rows.add(row);
        }
        rows.sort(Comparator.comparingInt((Map<String, Object> r) -> OPEN.contains(r.get("status")) ? 0 : 1)
                .thenComparingInt(r -> lightRank(r.get("light")))
                .thenComparing(r -> String.valueOf(r.get("dueAt") == null ? "9999" : r.get("dueAt"))));
        return pages.page(desk).data("unit", unit).data("assignments", rows).data("error", error)
                .data("evidenceLimits", attachments.limits());
    }

    @POST
    @Path("/{id}/accept")
    public Object accept(@PathParam("id") UUID id, @HeaderParam("HX-Request") String htmx) {
        return act(id, htmx, "已签收", () -> api.post(Service.TASK, "/api/assignments/" + id + "/accept", null));
    }

    @POST
    @Path("/{id}/return")
    public Object giveBack(@PathParam("id") UUID id, @RestForm String reason, @HeaderParam("HX-Request") String htmx) {
        return act(id, htmx, "已退回", () -> api.post(Service.TASK, "/api/assignments/" + id + "/return",
                Map.of("reason", reason == null ? "" : reason)));
    }

    /**
     * 报送进展 with its evidence files (multipart from the browser): the files go to task-service first, then the report
     * names them; a refused file (too large, wrong type) or a refused report leaves nothing behind.
     */
    @POST
    @Path("/{id}/report")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Object report(@PathParam("id") UUID id, @RestForm String percentComplete, @RestForm String narrative,
            @RestForm("milestoneId") List<String> milestoneIds, @RestForm("actualQuantity") List<String> quantities,
            @RestForm("files") List<FileUpload> files, @HeaderParam("HX-Request") String htmx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("percentComplete", parsePercent(percentComplete));
        body.put("narrative", narrative == null ? "" : narrative);
        List<Map<String, Object>> actuals = Measures.actuals(milestoneIds, quantities);
        if (!actuals.isEmpty()) {
            body.put("milestoneActuals", actuals);
        }
        List<FileUpload> chosen = Attachments.chosen(files);
        String done = chosen.isEmpty() ? "进展已报送" : "进展已报送，附佐证材料 " + chosen.size() + " 个";
        return act(id, htmx, done, () -> {
            requireOfficer();
            List<String> ids = attachments.upload(id, chosen);
            body.put("evidenceFileIds", ids);
            try {
                api.post(Service.TASK, "/api/assignments/" + id + "/reports", body);
            } catch (ApiException refused) {
                attachments.discard(ids);
                throw refused;
            }
        });
    }

    /** Runs one action; answers the card (htmx) or the desk (a plain form post), with the service's refusal if any. */
    private Object act(UUID id, String htmx, String done, Runnable action) {
        String unitId = requireOfficer();
        String notice = done;
        String error = null;
        try {
            action.run();
        } catch (ApiException refused) {
            notice = null;
            error = refused.fields().stream().anyMatch(f -> f.startsWith("evidenceFileIds"))
                    ? "所附文件超过每次报送的限制，未报送：" + refused.detail() : refused.message();
        } catch (Attachments.Refused refused) {
            notice = null;
            error = refused.getMessage();
        }
        if (htmx == null) {
            return error == null ? Response.seeOther(URI.create("/desk#a-" + id)).build() : page(error);
        }
        Map<String, Object> a = api.map(Service.TASK, "/api/assignments/" + id);
        Map<String, Object> row = card(a, lights(unitId).get(id.toString()));
        // the board's percent follows by event; the card shows the report just made at once (task-service's own)
        api.list(Service.TASK, "/api/assignments/" + id + "/reports").stream()
                .max(Comparator.comparing(r -> String.valueOf(r.get("reportedAt"))))
                .ifPresent(latest -> row.put("percentComplete", latest.get("percentComplete")));
        row.put("notice", notice);
        row.put("error", error);
        row.put("files", ReportFiles.of(api, id));
        row.put("measures", Measures.byTask(List.of(api.map(Service.TASK, "/api/tasks/" + a.get("taskId"))))
                .getOrDefault(String.valueOf(a.get("taskId")), List.of()));
        return desk.getFragment("card").data("a", row).data("evidenceLimits", attachments.limits());
    }

    /** The board's light, percent and reason for each of the unit's assignments (by assignment id). */
    private Map<String, Map<String, Object>> lights(String unitId) {
        Map<String, Map<String, Object>> byAssignment = new HashMap<>();
        try {
            for (Map<String, Object> l : api.list(Service.SUPERVISION, "/api/overview/units/" + unitId)) {
                byAssignment.put(String.valueOf(l.get("assignmentId")), l);
            }
        } catch (ApiException unavailable) {
            // the desk still works without lights when supervision-service is away
        }
        return byAssignment;
    }

    private Map<String, Object> card(Map<String, Object> a, Map<String, Object> light) {
        Map<String, Object> row = new LinkedHashMap<>(a);
        Instant now = clock.instant();
        if (light != null) {
            row.put("light", light.get("light"));
            row.put("taskNumber", light.get("taskNumber"));
            row.put("percentComplete", light.get("percentComplete"));
            row.put("expectedPercent", light.get("expectedPercent"));
            row.put("reason", Lights.reason(light, now));
        }
        row.put("open", OPEN.contains(a.get("status")));
        row.put("mayAccept", "ASSIGNED".equals(a.get("status")));
        row.put("mayReturn", "ASSIGNED".equals(a.get("status")) || "ACCEPTED".equals(a.get("status")));
        row.put("daysLate", a.get("dueAt") == null ? 0 : Dates.daysLate(a.get("dueAt"), now));
        row.putIfAbsent("notice", null);
        row.putIfAbsent("error", null);
        row.putIfAbsent("light", null);
        row.putIfAbsent("reason", null);
        row.putIfAbsent("taskNumber", null);
        row.putIfAbsent("percentComplete", null);
        return row;
    }

    private static Object parsePercent(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (RuntimeException e) {
            return value; // the service answers 400 naming percentComplete
        }
    }

    private static int lightRank(Object light) {
        return switch (String.valueOf(light)) {
            case "RED" -> 0;
            case "YELLOW" -> 1;
            case "GREEN" -> 2;
            default -> 3;
        };
    }
}
