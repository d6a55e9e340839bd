package org.duban.task.province;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.duban.task.assignment.Assignment;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.UpstreamLinks;
import org.duban.task.plan.Role;

/**
 * Which county tasks implement a provincial task: those whose {@code upstream_task_id} points at it. When provincial
 * tasks arrive after the county notice was imported, the links are proposed here with the importer's rule
 * ({@link UpstreamLinks}): county annexes whose title cites the provincial document, the county tasks without a
 * confirmed upstream, paired by character-bigram Jaccard similarity, best pairs first, one to one.
 */
@ApplicationScoped
public class ProvincialLinks {

    /** Proposes county → provincial links for every county annex that implements this provincial plan. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void propose(Plan provincial) {
        // the title cites the document, as 《…》, 〈…〉 inside 《关于印发…的通知》, or bare: the importer reads each citation
        List<Annex> annexes = Annex.<Annex> list("title like ?1", "%" + provincial.title + "%").stream()
                .filter(a -> a.upstreamPlanId == null || a.upstreamPlanId.equals(provincial.id)).toList();
        if (annexes.isEmpty()) {
            return;
        }
        List<Task> provincialTasks = Task.list("planId = ?1 order by ordinal", provincial.id);
        for (Annex annex : annexes) {
            Plan county = Plan.findById(annex.planId);
            if (county == null || county.level != Plan.Level.COUNTY) {
                continue;
            }
            annex.upstreamPlanId = provincial.id;
            List<Task> countyTasks = Task.list("sectionId in (select s.id from Section s where s.annexId = ?1) order by ordinal",
                    annex.id);
            List<Task> open = countyTasks.stream().filter(t -> !t.upstreamConfirmed).toList();
            Set<UUID> taken = countyTasks.stream().filter(t -> t.upstreamConfirmed && t.upstreamTaskId != null)
                    .map(t -> t.upstreamTaskId).collect(Collectors.toSet());
            List<Task> candidates = provincialTasks.stream().filter(p -> !taken.contains(p.id)).toList();
            Map<UUID, UpstreamLinks.Link> byCounty = new HashMap<>();
            for (UpstreamLinks.Link l : UpstreamLinks.match(open, candidates)) {
                byCounty.put(l.county().id, l);
            }
            // the whole annex is matched again: a provincial task that arrives later may be the better pair of a county
            // task proposed for another one before; unconfirmed proposals are replaced, confirmed links kept
            for (Task c : open) {
                UpstreamLinks.Link l = byCounty.get(c.id);
                c.upstreamTaskId = l == null ? null : l.provincial().id;
                c.upstreamScore = l == null ? null : (float) l.score();
            }
            Set<UUID> ups = Annex.<Annex> list("planId = ?1", county.id).stream().map(a -> a.upstreamPlanId)
                    .collect(Collectors.toCollection(HashSet::new));
            if (ups.size() == 1 && !ups.contains(null)) {
                county.upstreamPlanId = provincial.id;
            }
        }
    }

    /** The county tasks that implement the provincial task, in document order (plan, annex, section, number). */
    public List<Task> countyTasks(UUID provincialTaskId) {
        List<Task> tasks = new ArrayList<>(Task.<Task> list("upstreamTaskId = ?1", provincialTaskId));
        Map<UUID, Section> sections = new HashMap<>();
        Map<UUID, Annex> annexes = new HashMap<>();
        for (Task t : tasks) {
            if (t.sectionId != null) {
                Section s = sections.computeIfAbsent(t.sectionId, id -> Section.findById(id));
                annexes.computeIfAbsent(s.annexId, id -> Annex.findById(id));
            }
        }
        tasks.sort(Comparator.<Task, String> comparing(t -> t.planId == null ? "~" : t.planId.toString())
                .thenComparingInt(t -> t.sectionId == null ? Integer.MAX_VALUE : annexes.get(sections.get(t.sectionId).annexId).ordinal)
                .thenComparingInt(t -> t.sectionId == null ? Integer.MAX_VALUE : sections.get(t.sectionId).ordinal)
                .thenComparingInt(t -> t.ordinal == null ? Integer.MAX_VALUE : t.ordinal)
                .thenComparing(t -> t.createdAt));
        return tasks;
    }

    /**
     * The tasks whose work makes up the provincial task: the county tasks that implement it and, when the supervision
     * office assigned the provincial task itself to county units, the provincial task too.
     */
    public List<Task> implementing(Task provincial) {
        List<Task> tasks = new ArrayList<>(countyTasks(provincial.id));
        if (Assignment.count("taskId", provincial.id) > 0) {
            tasks.add(provincial);
        }
        return tasks;
    }

    /** Whether any unit holds county work for the provincial task: a current assignment on it or on a linked county task. */
    public boolean hasCountyWork(Task provincial) {
        return implementing(provincial).stream().anyMatch(t -> !current(t.id).isEmpty());
    }

    /** The assignments still holding a task's work: not withdrawn, not returned (a returned one awaits reassignment). */
    public static List<Assignment> current(UUID taskId) {
        List<Assignment> current = new ArrayList<>(Assignment.<Assignment> list("taskId = ?1 and status not in ?2 order by assignedAt",
                taskId, List.of(Assignment.Status.WITHDRAWN, Assignment.Status.RETURNED)));
        current.sort(Comparator.comparing(a -> a.role != Role.LEAD)); // leads first, each role in assignment order
        return current;
    }

    /** 办结: every assignment of the task is completed (a returned one not yet reassigned counts as undone). */
    public static boolean complete(UUID taskId) {
        List<Assignment> all = Assignment.list("taskId", taskId);
        List<Assignment> counted = all.stream().filter(a -> a.status != Assignment.Status.WITHDRAWN
                && !(a.status == Assignment.Status.RETURNED && a.replacedBy != null)).toList();
        return !counted.isEmpty() && counted.stream().allMatch(a -> a.status == Assignment.Status.COMPLETED);
    }

    /** The lead units of the tasks' current lead assignments, each once, in task order. */
    public static List<UUID> leadUnits(List<Task> tasks) {
        Set<UUID> units = new LinkedHashSet<>();
        for (Task t : tasks) {
            for (Assignment a : current(t.id)) {
                if (a.role == Role.LEAD) {
                    units.add(a.unitId);
                }
            }
        }
        return new ArrayList<>(units);
    }
}
