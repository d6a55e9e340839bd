package org.duban.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.duban.events.task.PlanPublished;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;

/**
 * The county seed notice as task-service would announce it: one plan, its tasks, one assignment per named unit
 * (lead and responsible cells split on 、), due at the end of 2021 in Asia/Shanghai for 「2021年底」 rows and
 * ongoing (null) for 「持续推进」 ones. Unit ids are fresh per fixture, so tests do not see each other's units.
 */
public final class CountyNoticeFixture {

    public static final Instant END_OF_2021 = Instant.parse("2021-12-31T15:59:59.999Z");
    public static final Instant ASSIGNED = Instant.parse("2021-07-23T02:00:00Z");

    public record Assignment(UUID assignmentId, UUID taskId, String taskNumber, String title, UUID unitId, String unitName,
            String role, Instant dueAt) {
    }

    public final UUID planId = UUID.randomUUID();
    public final UUID sectionA = UUID.randomUUID();
    public final UUID sectionB = UUID.randomUUID();
    public final Map<String, UUID> units = new LinkedHashMap<>();
    public final List<Assignment> assignments = new ArrayList<>();
    public int tasks;

    public CountyNoticeFixture() {
        List<String[]> rows = rowsWithDeadline();
        Pattern number = Pattern.compile("^\\s*([(（][一二三四五六七八九十-]+[)）])");
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            UUID task = UUID.randomUUID();
            tasks++;
            var m = number.matcher(row[0]);
            String taskNumber = m.find() ? m.group(1) : null;
            String title = row[0].strip();
            Instant due = row[3].contains("2021年底") ? END_OF_2021 : null;
            for (String[] cell : new String[][] { { row[1], "LEAD" }, { row[2], "RESPONSIBLE" } }) {
                for (String name : cell[0].split("[、\\n，,]")) {
                    String unit = name.strip();
                    if (unit.isEmpty()) {
                        continue;
                    }
                    UUID unitId = units.computeIfAbsent(unit, n -> UUID.randomUUID());
                    if (assignments.stream().anyMatch(a -> a.taskId().equals(task) && a.unitId().equals(unitId))) {
                        continue;
                    }
                    assignments.add(new Assignment(UUID.randomUUID(), task, taskNumber, title, unitId, unit, cell[1], due));
                }
            }
        }
    }

    /** task, lead, responsible and deadline cells of each task row. */
    private static List<String[]> rowsWithDeadline() {
        return SeedDocuments.noticeRows().stream()
                .map(r -> new String[] { r.task(), r.lead(), r.responsible(), r.deadline() }).toList();
    }

    /** Registers the units in the replica and publishes the plan and every assignment, as task-service would. */
    public void publish() {
        units.forEach((name, id) -> TopicProbe.publish(UnitSnapshots.active(id, 1, name), "unit-service"));
        TopicProbe.publish(new PlanPublished(planId, "关于印发2021年政务公开政务服务工作责任分工的通知", "县政务办〔2021〕1号",
                "县政务公开政务服务工作领导小组", "COUNTY", null,
                List.of(new PlanPublished.Section(sectionA, "附件1", "一", "政务管理服务"),
                        new PlanPublished.Section(sectionB, "附件2", "二", "政务公开")),
                tasks, ASSIGNED), "task-service");
        int half = assignments.size() / 2;
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            TopicProbe.publish(new TaskAssigned(a.assignmentId(), a.taskId(), a.title(), a.unitId(), a.role(), a.dueAt(), ASSIGNED,
                    planId, i < half ? sectionA : sectionB, a.taskNumber()), "task-service");
        }
    }
}
