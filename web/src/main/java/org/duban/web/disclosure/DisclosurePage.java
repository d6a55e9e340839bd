package org.duban.web.disclosure;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;
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
 * 政务公开 for the supervision office: per plan, what the public may see (supervision-service {@code /api/disclosure}):
 * each task's public progress summary and each published bulletin, published or withdrawn one by one (or every task of
 * the plan at once), and per task which report texts are public. Leaders read the same page without the buttons.
 * What is published appears on the public pages ({@code /public}); a withdrawal removes it there at once.
 */
@Path("/disclosure")
@Authenticated
public class DisclosurePage extends Page {

    @Inject
    Template disclosure;

    @Inject
    Template disclosureTask;

    @GET
    public TemplateInstance show(@QueryParam("planId") UUID planId) {
        return page(planId, null, null);
    }

    private TemplateInstance page(UUID planId, String notice, String error) {
        requireBoardReader();
        List<Map<String, Object>> plans = api.list(Service.TASK, "/api/plans");
        String plan = planId != null ? planId.toString() : plans.isEmpty() ? null : String.valueOf(plans.get(0).get("id"));
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<Map<String, Object>> bulletins = new ArrayList<>();
        if (plan != null) {
            Map<String, Map<String, Object>> entries = entries(plan);
            for (Map<String, Object> t : api.list(Service.TASK, "/api/tasks?limit=1000&planId=" + plan)) {
                Map<String, Object> row = new LinkedHashMap<>(t);
                entry(row, entries.get(String.valueOf(t.get("id"))));
                tasks.add(row);
            }
            for (Map<String, Object> b : api.list(Service.SUPERVISION, "/api/bulletins")) {
                if ("PUBLISHED".equals(b.get("status")) && (b.get("planId") == null || plan.equals(String.valueOf(b.get("planId"))))) {
                    Map<String, Object> row = new LinkedHashMap<>(b);
                    entry(row, entries.get(String.valueOf(b.get("bulletinId"))));
                    bulletins.add(row);
                }
            }
        }
        long published = tasks.stream().filter(DisclosurePage::isPublic).count();
        return pages.page(disclosure).data("plans", plans).data("planId", plan == null ? "" : plan).data("tasks", tasks)
                .data("bulletins", bulletins).data("published", published).data("notice", notice).data("error", error)
                .data("mayPublish", caller.isSupervisor());
    }

    /** The plan's catalogue entries by what they show (task or bulletin id), the newest per target. */
    private Map<String, Map<String, Object>> entries(String planId) {
        Map<String, Map<String, Object>> byTarget = new HashMap<>();
        for (Map<String, Object> i : api.list(Service.SUPERVISION, "/api/disclosure?planId=" + planId)) {
            byTarget.putIfAbsent(String.valueOf(i.get("targetId")), i); // the API lists newest first
        }
        return byTarget;
    }

    /** The catalogue entry's state on the row, flat (a template reads no property of a missing entry). */
    private static void entry(Map<String, Object> row, Map<String, Object> entry) {
        row.put("pubStatus", entry == null ? "NONE" : entry.get("status"));
        row.put("indexNumber", entry == null ? null : entry.get("indexNumber"));
        row.put("publishedAt", entry == null ? null : entry.get("publishedAt"));
        row.put("withdrawnAt", entry == null ? null : entry.get("withdrawnAt"));
    }

    static boolean isPublic(Map<String, Object> row) {
        return "PUBLIC".equals(row.get("pubStatus"));
    }

    @POST
    @Path("/tasks/{taskId}/publish")
    public Object publishTask(@PathParam("taskId") UUID taskId, @RestForm UUID planId) {
        return act(planId, () -> api.post(Service.SUPERVISION, "/api/disclosure/tasks/" + taskId + "/publish", Map.of()),
                "#t-" + taskId);
    }

    @POST
    @Path("/tasks/{taskId}/withdraw")
    public Object withdrawTask(@PathParam("taskId") UUID taskId, @RestForm UUID planId, @RestForm String reason) {
        return act(planId, () -> api.post(Service.SUPERVISION, "/api/disclosure/tasks/" + taskId + "/withdraw",
                reason(reason)), "#t-" + taskId);
    }

    @POST
    @Path("/bulletins/{id}/publish")
    public Object publishBulletin(@PathParam("id") UUID id, @RestForm UUID planId) {
        return act(planId, () -> api.post(Service.SUPERVISION, "/api/disclosure/bulletins/" + id + "/publish", Map.of()),
                "#b-" + id);
    }

    @POST
    @Path("/bulletins/{id}/withdraw")
    public Object withdrawBulletin(@PathParam("id") UUID id, @RestForm UUID planId, @RestForm String reason) {
        return act(planId, () -> api.post(Service.SUPERVISION, "/api/disclosure/bulletins/" + id + "/withdraw",
                reason(reason)), "#b-" + id);
    }

    /** Every task of the plan not yet public, one call each (the API publishes per task); those public already are left. */
    @POST
    @Path("/plans/{planId}/publish")
    public Object publishPlan(@PathParam("planId") UUID planId) {
        requireSupervisor();
        Map<String, Map<String, Object>> entries = entries(planId.toString());
        int done = 0;
        List<String> failed = new ArrayList<>();
        for (Map<String, Object> t : api.list(Service.TASK, "/api/tasks?limit=1000&planId=" + planId)) {
            Map<String, Object> e = entries.get(String.valueOf(t.get("id")));
            if (e != null && "PUBLIC".equals(e.get("status"))) {
                continue;
            }
            try {
                api.post(Service.SUPERVISION, "/api/disclosure/tasks/" + t.get("id") + "/publish", Map.of());
                done++;
            } catch (ApiException refused) {
                failed.add(Objects.toString(t.get("number"), "") + "（" + refused.message() + "）");
            }
        }
        return page(planId, "本通知公开任务进展 " + done + " 项", failed.isEmpty() ? null : "未能公开：" + String.join("；", failed));
    }

    /** One task's reports: which texts are public (the summary shows the latest public one). */
    @GET
    @Path("/tasks/{taskId}")
    public TemplateInstance task(@PathParam("taskId") UUID taskId) {
        requireBoardReader();
        return taskPage(taskId, null);
    }

    private TemplateInstance taskPage(UUID taskId, String error) {
        Map<String, Object> task = api.map(Service.TASK, "/api/tasks/" + taskId);
        return pages.page(disclosureTask).data("task", task)
                .data("reports", api.list(Service.SUPERVISION, "/api/disclosure/reports?taskId=" + taskId))
                .data("mayPublish", caller.isSupervisor()).data("error", error);
    }

    @POST
    @Path("/tasks/{taskId}/reports/{reportId}/{action:publish|withdraw}")
    public Object markReport(@PathParam("taskId") UUID taskId, @PathParam("reportId") UUID reportId,
            @PathParam("action") String action) {
        requireSupervisor();
        try {
            api.post(Service.SUPERVISION, "/api/disclosure/reports/" + reportId + "/" + action, null);
        } catch (ApiException refused) {
            return taskPage(taskId, refused.message());
        }
        return Response.seeOther(URI.create("/disclosure/tasks/" + taskId + "#r-" + reportId)).build();
    }

    private Object act(UUID planId, Runnable action, String anchor) {
        requireSupervisor();
        try {
            action.run();
        } catch (ApiException refused) {
            return page(planId, null, refused.message());
        }
        return Response.seeOther(URI.create("/disclosure" + (planId == null ? "" : "?planId=" + planId) + anchor)).build();
    }

    private static Map<String, Object> reason(String reason) {
        return reason == null || reason.isBlank() ? Map.of() : Map.of("reason", reason);
    }
}
