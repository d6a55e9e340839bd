package org.duban.web.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The words under a light explain the figures supervision-service answered with. */
class LightsTest {

    static final Instant NOW = Instant.parse("2022-01-10T02:00:00Z");

    static Map<String, Object> row(String light, String status, int percent, int expected, String dueAt) {
        Map<String, Object> row = new HashMap<>();
        row.put("light", light);
        row.put("status", status);
        row.put("percentComplete", percent);
        row.put("expectedPercent", expected);
        row.put("dueAt", dueAt);
        return row;
    }

    @Test
    void eachLightSaysWhy() {
        assertEquals("已逾期 10 天，未办结", Lights.reason(row("RED", "OVERDUE", 0, 100, "2021-12-31T15:59:59Z"), NOW));
        assertEquals("进度 20% 落后于序时进度 60%", Lights.reason(row("YELLOW", "REPORTED", 20, 60, "2022-06-30T15:59:59Z"), NOW));
        assertEquals("临近期限，尚未反馈进展", Lights.reason(row("YELLOW", "ACCEPTED", 0, 0, "2022-01-12T15:59:59Z"), NOW));
        assertEquals("已办结", Lights.reason(row("GREEN", "COMPLETED", 100, 100, "2021-12-31T15:59:59Z"), NOW));
        assertEquals("持续推进，按周期报告", Lights.reason(row("GREEN", "OPEN", 0, 0, null), NOW));
    }
}
