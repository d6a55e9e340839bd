package org.duban.web.board;

import java.time.Instant;
import java.util.Map;

import org.duban.web.format.Dates;

/**
 * The reason behind one assignment's light, in words, from the figures supervision-service's board answers with
 * ({@code GET /api/overview/units/{unitId}}: light, status, percent, 序时进度, due date). The light itself is always
 * the service's; only its explanation is written here.
 */
public final class Lights {

    private Lights() {
    }

    public static String reason(Map<String, Object> row, Instant now) {
        String light = String.valueOf(row.get("light"));
        String status = String.valueOf(row.get("status"));
        int percent = number(row.get("percentComplete"));
        int expected = number(row.get("expectedPercent"));
        Object due = row.get("dueAt");
        long late = due == null ? 0 : Dates.daysLate(due, now);
        return switch (light) {
            case "RED" -> late > 0 ? "已逾期 " + late + " 天，未办结" : "有未按期完成的节点或报告";
            case "YELLOW" -> {
                if (percent < expected) {
                    yield "进度 " + percent + "% 落后于序时进度 " + expected + "%";
                }
                if ("OPEN".equals(status) || "ACCEPTED".equals(status)) {
                    yield "临近期限，尚未反馈进展";
                }
                yield "逾期后已补上，仍需关注";
            }
            default -> {
                if ("COMPLETED".equals(status)) {
                    yield "已办结";
                }
                if (due == null) {
                    yield "持续推进，按周期报告";
                }
                yield "进度 " + percent + "%，序时进度 " + expected + "%";
            }
        };
    }

    static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
