package org.duban.task.province;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.EventJson;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.unit.UnitReplica;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.ProgressReport;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.Role;

/**
 * Report once (一次填报): a provincial task's progress feedback is rolled up from the county's own reports on the tasks
 * that implement it, never typed again. The percent is the lowest current percent of their lead units (a lead without a
 * report counts 0), the narrative the leads' latest narratives in task order, the figures the leads' milestone actuals
 * summed where they count the same thing (milestone label and measure), and the parts every latest report it was made
 * from (lead and co-responsible units).
 */
@ApplicationScoped
public class ProgressRollup {

    @Inject
    Outbox outbox;

    @Inject
    ProvincialLinks links;

    /** The progress id of a task and period: compiling the same period again is the same feedback. */
    static UUID progressId(UUID taskId, String period) {
        return UUID.nameUUIDFromBytes(("provincial-progress:" + taskId + ":" + period).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Compiles and announces the feedback of {@code period}, unless it was compiled before: then nothing new is
     * announced and the earlier one is answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ProvincialProgress compile(ProvincialTask pt, String period, String compiledBy, Instant now) {
        UUID id = progressId(pt.taskId, period);
        ProvincialProgress earlier = ProvincialProgress.findById(id);
        if (earlier != null) {
            return earlier;
        }
        Task provincial = Task.findById(pt.taskId);
        List<Task> tasks = links.implementing(provincial);
        List<ProvincialProgressCompiled.Part> parts = new ArrayList<>();
        List<String> narratives = new ArrayList<>();
        Set<String> evidence = new LinkedHashSet<>();
        Map<UUID, BigDecimal> actualByMilestone = new LinkedHashMap<>();
        Integer lowest = null;
        Map<UUID, String> names = new HashMap<>();
        for (Task t : tasks) {
            String number = printedNumber(t);
            for (Assignment a : ProvincialLinks.current(t.id)) {
                ProgressReport latest = ProgressReport.find("assignmentId = ?1 order by reportedAt desc", a.id).firstResult();
                boolean lead = a.role == Role.LEAD;
                if (lead) {
                    int percent = latest == null ? 0 : latest.percentComplete;
                    lowest = lowest == null ? percent : Math.min(lowest, percent);
                }
                if (latest == null) {
                    continue;
                }
                parts.add(new ProvincialProgressCompiled.Part(t.id, number, a.id, a.unitId, latest.id, latest.percentComplete,
                        latest.narrative, latest.reportedAt));
                if (lead) {
                    String unit = names.computeIfAbsent(a.unitId, u -> unitName(t.id, u));
                    narratives.add(number + " " + unit + ": " + latest.narrative);
                    evidence.addAll(latest.evidence);
                    for (ProgressReport.MilestoneActual m : latest.milestoneActuals) {
                        // two leads reporting on the same milestone count it once, at the higher actual
                        actualByMilestone.merge(m.milestoneId, m.actualQuantity, BigDecimal::max);
                    }
                }
            }
        }
        ProvincialProgressCompiled event = new ProvincialProgressCompiled(id, pt.taskId, pt.provTaskId, period,
                lowest == null ? 0 : lowest, String.join("\n", narratives), figures(actualByMilestone), List.copyOf(evidence),
                parts, compiledBy, now);
        ProvincialProgress progress = new ProvincialProgress();
        progress.id = id;
        progress.taskId = pt.taskId;
        progress.period = period;
        progress.percentComplete = event.percentComplete();
        progress.payload = EventJson.write(event);
        progress.compiledBy = compiledBy;
        progress.compiledAt = now;
        progress.persist();
        outbox.publish(event, id);
        ProvincialTaskHistory.record(pt, "PROGRESS", pt.state, compiledBy, period + ": " + event.percentComplete() + "% from "
                + parts.size() + " reports", null, now);
        return progress;
    }

    /** Milestone actuals as figures, summed where the label and the measure are the same. */
    private static List<ProvincialProgressCompiled.Figure> figures(Map<UUID, BigDecimal> actualByMilestone) {
        Map<String, ProvincialProgressCompiled.Figure> byKey = new LinkedHashMap<>();
        for (var e : actualByMilestone.entrySet()) {
            Milestone m = Milestone.findById(e.getKey());
            if (m == null) {
                continue;
            }
            String key = m.label + "\u0000" + m.targetUnit;
            ProvincialProgressCompiled.Figure f = byKey.get(key);
            BigDecimal value = e.getValue();
            BigDecimal target = m.targetQuantity;
            if (f != null) {
                value = value.add(f.value());
                target = f.target() == null || target == null ? null : target.add(f.target());
            }
            byKey.put(key, new ProvincialProgressCompiled.Figure(m.label, value, target, m.targetUnit));
        }
        return new ArrayList<>(byKey.values());
    }

    /** The unit's current name; the name the task's import resolved while the replica has not heard of it. */
    static String unitName(UUID taskId, UUID unitId) {
        return UnitReplica.nameOf(unitId).orElseGet(() -> TaskUnit.<TaskUnit> find("taskId = ?1 and unitId = ?2", taskId, unitId)
                .firstResultOptional().map(tu -> tu.resolvedName).orElse(unitId.toString()));
    }

    /** The number as the county reads it: annex and number, e.g. 附件1（五）. */
    static String printedNumber(Task t) {
        if (t.sectionId == null) {
            return t.number == null ? "" : t.number;
        }
        Section s = Section.findById(t.sectionId);
        Annex a = s == null ? null : Annex.findById(s.annexId);
        return (a == null || "正文".equals(a.label) ? "" : a.label) + (t.number == null ? "" : t.number);
    }
}
