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
        List<Map<String, Object>> assignments = new ArrayList<>();
        for (Map<String, Object> a : api.list(Service.TASK, "/api/assignments?limit=1000&taskId=" + id)) {
            Map<String, Object> row = new LinkedHashMap<>(a);
            String assignment = "/api/assignments/" + a.get("id");
            row.put("unitName", unitNames.getOrDefault(String.valueOf(a.get("unitId")), String.valueOf(a.get("unitId"))));
            row.put("reports", ReportFiles.attach(api, a.get("id"), api.list(Service.TASK, assignment + "/reports")));
            row.put("history", api.list(Service.TASK, assignment + "/history"));
            row.put("extensions", api.list(Service.TASK, assignment + "/extensions"));
            row.put("mayWithdraw", org.duban.web.withdraw.Withdrawal.allowed(a));
            assignments.add(row);
        }
        return pages.page(task).data("task", t).data("assignments", assignments);
    }
}
