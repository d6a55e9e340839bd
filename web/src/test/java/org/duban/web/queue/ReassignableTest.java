package org.duban.web.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** 改派 offers only the units task-service would take: none already holding the task in the returned role. */
class ReassignableTest {

    @Test
    void unitsHoldingTheTaskInThatRoleAreNotOffered() {
        List<Map<String, Object>> units = List.of(Map.of("id", "u1", "name", "县政务服务中心"), Map.of("id", "u2", "name", "县卫生健康局"),
                Map.of("id", "u3", "name", "县教育局"), Map.of("id", "u4", "name", "县财政局"));
        List<Map<String, Object>> held = List.of(
                Map.of("id", "a1", "unitId", "u1", "role", "LEAD", "status", "RETURNED"),
                Map.of("id", "a2", "unitId", "u2", "role", "LEAD", "status", "ACCEPTED"),
                Map.of("id", "a3", "unitId", "u3", "role", "CO_RESPONSIBLE", "status", "ACCEPTED"));
        List<Map<String, Object>> offered = Reassignable.units(units, held, "a1");
        assertEquals(List.of("u3", "u4"), offered.stream().map(u -> u.get("id")).toList(),
                "the returning unit and another lead are left out; a co-unit may become lead");
    }
}
