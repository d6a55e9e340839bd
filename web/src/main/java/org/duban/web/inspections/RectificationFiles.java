package org.duban.web.inspections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.duban.web.api.Api;
import org.duban.web.evidence.ReportFiles;

/**
 * Rectifications (as supervision-service lists them) each with {@code files}: the evidence files its reports attached,
 * asked of supervision-service only for one that was reported (an ORDERED one never reported has none).
 */
final class RectificationFiles {

    private RectificationFiles() {
    }

    /** The rectification with its {@code files}. */
    static Map<String, Object> with(Api api, Map<String, Object> rectification) {
        Map<String, Object> row = new LinkedHashMap<>(rectification);
        row.put("files", rectification.get("reportedAt") == null ? List.of()
                : ReportFiles.ofRectification(api, rectification.get("rectificationId")));
        return row;
    }

    /** The findings with each of their rectifications carrying its {@code files}. */
    static List<Map<String, Object>> ofFindings(Api api, List<Map<String, Object>> findings) {
        return findings.stream().map(f -> {
            Map<String, Object> row = new LinkedHashMap<>(f);
            Object rectifications = f.get("rectifications");
            if (rectifications instanceof List<?> list) {
                row.put("rectifications", list.stream().map(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> rect = (Map<String, Object>) r;
                    return with(api, rect);
                }).toList());
            }
            return row;
        }).toList();
    }
}
