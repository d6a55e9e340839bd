package org.duban.web.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Api;
import org.duban.web.api.Service;
import org.duban.web.evidence.ReportFiles;
import org.duban.web.home.Pages;

/**
 * A task's page: its text, deadline and milestones, the units holding it (task-service's assignments, lead first;
 * a unit officer sees its own unit's only, as the API answers), each assignment's reports, history and extension
 * requests.
 */
@Path("/tasks/{id}")
@Authenticated
public class TaskPage {

    @Inject
    Api api;

    @Inject
    Pages pages;

    @Inject
    Template task;

    @GET
    @SuppressWarnings("unchecked")
    public TemplateInstance show(@PathParam("id") UUID id) {
        Map<String, Object> t = api.map(Service.TASK, "/api/tasks/" + id);
        Map<String, String> unitNames = new HashMap<>();
        for (String key : List.of("leadUnits", "responsibleUnits")) {
            for (Map<String, Object> u : (List<Map<String, Object>>) t.getOrDefault(key, List.of())) {
                if (u.get("id") != null) {
                    unitNames.put(u.get("id").toString(), String.valueOf(u.get("name")));
                }
            }
        }
        Map<String, Map<String, Object>> milestones = new HashMap<>();
        Object deadline = t.get("deadline");
        if (deadline instanceof Map<?, ?> d && d.get("milestones") instanceof List<?> list) {
            for (Map<String, Object> m : (List<Map<String, Object>>) list) {
                milestones.put(String.valueOf(m.get("id")), m);
            }
        }
        List<Map<String, Object>> assignments = new ArrayList<>();
        for (Map<String, Object> a : api.list(Service.TASK, "/api/assignments?limit=1000&taskId=" + id)) {
            Map<String, Object> row = new LinkedHashMap<>(a);
            String assignment = "/api/assignments/" + a.get("id");
            row.put("unitName", unitNames.getOrDefault(String.valueOf(a.get("unitId")), String.valueOf(a.get("unitId"))));
            row.put("reports", figures(ReportFiles.attach(api, a.get("id"), api.list(Service.TASK, assignment + "/reports")), milestones));
            row.put("history", api.list(Service.TASK, assignment + "/history"));
            row.put("extensions", api.list(Service.TASK, assignment + "/extensions"));
            row.put("mayWithdraw", org.duban.web.withdraw.Withdrawal.allowed(a));
            assignments.add(row);
        }
        return pages.page(task).data("task", t).data("assignments", assignments);
    }

    /** Each report's quantitative figures in words: 「milestone label：actual unit」 (its {@code milestoneActuals}). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> figures(List<Map<String, Object>> reports, Map<String, Map<String, Object>> milestones) {
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Map<String, Object> r : reports) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            List<String> figures = new ArrayList<>();
            for (Map<String, Object> actual : (List<Map<String, Object>>) r.getOrDefault("milestoneActuals", List.of())) {
                Map<String, Object> m = milestones.getOrDefault(String.valueOf(actual.get("milestoneId")), Map.of());
                figures.add(m.getOrDefault("label", "节点") + "：实际 " + actual.get("actualQuantity")
                        + (m.get("targetUnit") == null ? "" : m.get("targetUnit")) + (m.get("targetQuantity") == null ? ""
                                : "（目标 " + m.get("targetQuantity") + (m.get("targetUnit") == null ? "" : m.get("targetUnit")) + "）"));
            }
            row.put("figures", figures);
            shown.add(row);
        }
        return shown;
    }
}
