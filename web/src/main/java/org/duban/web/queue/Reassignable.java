package org.duban.web.queue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 改派's choice of units, as task-service decides it: not a unit that already holds the task in the role of the
 * returned assignment (whatever that assignment's state: the returning unit keeps its RETURNED one).
 */
final class Reassignable {

    private Reassignable() {
    }

    static List<Map<String, Object>> units(List<Map<String, Object>> units, List<Map<String, Object>> taskAssignments,
            String returnedId) {
        Object role = taskAssignments.stream().filter(a -> returnedId.equals(String.valueOf(a.get("id"))))
                .map(a -> a.get("role")).findFirst().orElse(null);
        Set<String> holding = taskAssignments.stream().filter(a -> Objects.equals(role, a.get("role")))
                .map(a -> String.valueOf(a.get("unitId"))).collect(Collectors.toSet());
        return units.stream().filter(u -> !holding.contains(String.valueOf(u.get("id")))).toList();
    }
}
