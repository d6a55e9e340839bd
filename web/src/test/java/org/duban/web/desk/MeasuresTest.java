package org.duban.web.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The quantitative figures of a report: offered for milestones with a target, sent as task-service's milestoneActuals. */
class MeasuresTest {

    @Test
    void onlyMilestonesWithATargetAreOffered() {
        Map<String, Object> task = Map.of("id", "t1", "deadline", Map.of("milestones", List.of(
                Map.of("id", "m1", "label", "2021年9月底前完成50%", "targetQuantity", 50, "targetUnit", "%"),
                Map.of("id", "m2", "label", "2021年底前全部完成"))));
        Map<String, List<Map<String, Object>>> byTask = Measures.byTask(List.of(task, Map.of("id", "t2", "deadline", Map.of())));
        assertEquals(List.of("t1"), List.copyOf(byTask.keySet()));
        assertEquals("m1", byTask.get("t1").get(0).get("id"));
        assertEquals(1, byTask.get("t1").size());
    }

    @Test
    void figuresPairWithTheirMilestonesAndEmptyOnesAreLeftOut() {
        List<Map<String, Object>> actuals = Measures.actuals(List.of("m1", "m2", "m3"), Arrays.asList("62.5", " ", "三十"));
        assertEquals(2, actuals.size());
        assertEquals(Map.of("milestoneId", "m1", "actualQuantity", new BigDecimal("62.5")), actuals.get(0));
        assertEquals("三十", actuals.get(1).get("actualQuantity"), "not a number: task-service names the field");
        assertEquals(List.of(), Measures.actuals(null, null));
    }
}
