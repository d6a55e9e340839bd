package org.duban.web.queue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.cards.UnitChoices;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * 待办: what waits for the caller (notification-service's {@code GET /api/work-queue}), oldest first, with counts per
 * kind. The supervision office decides extension requests and re-checks rectifications here; each item links to the
 * page where it is acted on. A leader reads the office's queue without actions; a unit officer reads its unit's (the
 * co-units' reports on tasks it leads).
 */
@Path("/queue")
@Authenticated
public class WorkQueuePage extends Page {

    @Inject
    Template queue;

    @GET
    public TemplateInstance show(@QueryParam("kind") String kind) {
        if (!caller.readsBoard() && !caller.isOfficer()) {
            throw new ForbiddenException();
        }
        String filter = kind == null || kind.isBlank() ? "" : "&kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8);
        Map<String, Object> page = api.map(Service.NOTIFICATION, "/api/work-queue?size=500" + filter);
        List<Map<String, Object>> items = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answered = (List<Map<String, Object>>) page.getOrDefault("items", List.of());
        for (Map<String, Object> item : answered) {
            Map<String, Object> row = new LinkedHashMap<>(item);
            String href = QueueLinks.href(item);
            row.put("page", QueueLinks.pageOf(item));
            row.put("requestId", "EXTENSION_REQUEST".equals(item.get("kind")) ? QueueLinks.requestId(href) : null);
            row.put("rectificationId", "RECTIFICATION_REVIEW".equals(item.get("kind")) ? QueueLinks.rectificationId(href) : null);
            items.add(row);
        }
        boolean returns = caller.isSupervisor() && items.stream().anyMatch(i -> "RETURNED".equals(i.get("kind")));
        List<Map<String, Object>> units = returns ? UnitChoices.active(api) : List.of();
        for (Map<String, Object> row : items) {
            row.put("units", returns && "RETURNED".equals(row.get("kind")) ? reassignable(row, units) : List.of());
        }
        return pages.page(queue).data("page", page).data("items", items).data("kind", kind == null ? "" : kind)
                .data("labels", Kinds.LABELS)
                .data("today", java.time.LocalDate.now(Dates.ZONE).toString());
    }

    /**
     * The units returned work may go to: task-service refuses a unit that already holds the task in the returned
     * assignment's role (the returning unit among them), so the form does not offer it.
     */
    private List<Map<String, Object>> reassignable(Map<String, Object> item, List<Map<String, Object>> units) {
        List<Map<String, Object>> held = api.list(Service.TASK, "/api/assignments?limit=1000&taskId=" + item.get("taskId"));
        return Reassignable.units(units, held, String.valueOf(item.get("assignmentId")));
    }
}
