package org.duban.web.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duban.web.api.Api;
import org.duban.web.api.ApiException;
import org.duban.web.api.Service;

/**
 * Each report with the evidence files it attached ({@code files}: id, name, size, sha256 … from task-service's
 * {@code GET /api/assignments/{id}/evidence}, grouped by {@code reportId}; a rectification's from supervision-service's
 * {@code GET /api/rectifications/{id}/evidence}). A reader the list refuses sees the reports
 * without files, as the API decides; uploads no report took are not shown.
 */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** {@code reports} (as task-service lists them) each with its {@code files}. */
    public static List<Map<String, Object>> attach(Api api, Object assignmentId, List<Map<String, Object>> reports) {
        List<Map<String, Object>> files = of(api, assignmentId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : reports) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("files", files.stream().filter(f -> String.valueOf(r.get("id")).equals(String.valueOf(f.get("reportId")))).toList());
            out.add(row);
        }
        return out;
    }

    /** The assignment's attached files, oldest first; empty when the API refuses or is away. */
    public static List<Map<String, Object>> of(Api api, Object assignmentId) {
        return attached(api, Owner.ASSIGNMENT, assignmentId, "reportId");
    }

    /**
     * The rectification's files its reports attached ({@code reportedAt} set), oldest first, each with the page's
     * {@code download} link; empty when the API refuses or is away.
     */
    public static List<Map<String, Object>> ofRectification(Api api, Object rectificationId) {
        return attached(api, Owner.RECTIFICATION, rectificationId, "reportedAt");
    }

    private static List<Map<String, Object>> attached(Api api, Owner owner, Object ownerId, String attachedWhen) {
        try {
            return api.list(owner == Owner.ASSIGNMENT ? Service.TASK : Service.SUPERVISION, owner.evidenceOf(ownerId)).stream()
                    .filter(f -> f.get(attachedWhen) != null).map(f -> {
                        Map<String, Object> row = new LinkedHashMap<>(f);
                        row.put("download", owner.download(f.get("id")));
                        return (Map<String, Object>) row;
                    }).toList();
        } catch (ApiException refused) {
            return List.of();
        }
    }
}
