package org.duban.web.desk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quantitative figures (量化指标) a progress report may carry: a task's milestones with a target quantity
 * (task-service's {@code deadline.milestones[].targetQuantity}, e.g. 50 %), by task id. The desk offers one number per
 * such milestone; the report names them as {@code milestoneActuals}.
 */
public final class Measures {

    private Measures() {
    }

    /** The tasks' milestones that have a target quantity, in their order, by task id (tasks without any are absent). */
    @SuppressWarnings("unchecked")
    public static Map<String, List<Map<String, Object>>> byTask(List<Map<String, Object>> tasks) {
        Map<String, List<Map<String, Object>>> byTask = new HashMap<>();
        for (Map<String, Object> t : tasks) {
            Object deadline = t.get("deadline");
            List<Map<String, Object>> milestones = deadline instanceof Map<?, ?> d
                    ? (List<Map<String, Object>>) ((Map<String, Object>) d).getOrDefault("milestones", List.of()) : List.of();
            List<Map<String, Object>> measured = new ArrayList<>();
            for (Map<String, Object> m : milestones == null ? List.<Map<String, Object>> of() : milestones) {
                if (m.get("id") != null && m.get("targetQuantity") != null) {
                    measured.add(m);
                }
            }
            if (!measured.isEmpty()) {
                byTask.put(String.valueOf(t.get("id")), measured);
            }
        }
        return byTask;
    }

    /**
     * The form's figures as task-service's {@code milestoneActuals}: {@code milestoneId} and {@code actualQuantity} come
     * in pairs, in the same order; a figure left empty is not reported. A figure that is not a number is passed on as
     * typed, so task-service's 400 names the field.
     */
    public static List<Map<String, Object>> actuals(List<String> milestoneIds, List<String> quantities) {
        List<Map<String, Object>> actuals = new ArrayList<>();
        if (milestoneIds == null || quantities == null) {
            return actuals;
        }
        for (int i = 0; i < Math.min(milestoneIds.size(), quantities.size()); i++) {
            String quantity = quantities.get(i) == null ? "" : quantities.get(i).strip();
            if (quantity.isEmpty()) {
                continue;
            }
            Map<String, Object> actual = new LinkedHashMap<>();
            actual.put("milestoneId", milestoneIds.get(i));
            actual.put("actualQuantity", number(quantity));
            actuals.add(actual);
        }
        return actuals;
    }

    private static Object number(String quantity) {
        try {
            return new java.math.BigDecimal(quantity);
        } catch (NumberFormatException e) {
            return quantity;
        }
    }
}
