package org.duban.task.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.duban.platform.unit.UnitReplica;
import org.duban.task.assignment.Assignment;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.Designation;
import org.duban.task.plan.PlanViews;

/** Reads tasks of plans with their units, milestones and designations, filtered. */
@ApplicationScoped
public class TaskQueries {

    /** Filters; null means any. {@code unitId}: tasks naming the unit or assigned to it (also via a group). */
    public record Filter(UUID planId, UUID sectionId, UUID unitId, Assignment.Status status, Boolean overdue, Instant now,
            int offset, int limit) {
    }

    @Inject
    EntityManager em;

    public List<PlanViews.TaskView> find(Filter f) {
        // Left joins: a task created over REST (POST /api/tasks) belongs to no imported section.
        StringBuilder q = new StringBuilder("select t from Task t left join Section s on s.id = t.sectionId"
                + " left join Annex a on a.id = s.annexId where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (f.planId() != null) {
            q.append(" and t.planId = :plan");
            params.put("plan", f.planId());
        }
        if (f.sectionId() != null) {
            q.append(" and t.sectionId = :section");
            params.put("section", f.sectionId());
        }
        if (f.unitId() != null) {
            q.append(" and (exists (select 1 from TaskUnit tu where tu.taskId = t.id and tu.unitId = :unit)"
                    + " or exists (select 1 from Assignment au where au.taskId = t.id and au.unitId = :unit))");
            params.put("unit", f.unitId());
        }
        if (f.status() != null) {
            // A return already reassigned (改派) is settled: it no longer waits for the office, so RETURNED means
            // returned and not yet reassigned.
            q.append(" and exists (select 1 from Assignment st where st.taskId = t.id and st.status = :status"
                    + (f.status() == Assignment.Status.RETURNED ? " and st.replacedBy is null" : "")
                    + (f.unitId() != null ? " and st.unitId = :unit" : "") + ")");
            params.put("status", f.status());
        }
        if (f.overdue() != null) {
            // Overdue = an open assignment (of the unit, when filtered by unit) past its own due date, which an
            // approved extension may have moved beyond the task's.
            q.append(f.overdue() ? " and exists" : " and not exists").append(
                    " (select 1 from Assignment od where od.taskId = t.id and od.status in :open and od.dueAt < :now"
                            + (f.unitId() != null ? " and od.unitId = :unit" : "") + ")");
            params.put("now", f.now());
            params.put("open", Assignment.Status.OPEN);
        }
        q.append(" order by t.planId, a.ordinal, s.ordinal, t.ordinal");
        TypedQuery<Task> query = em.createQuery(q.toString(), Task.class);
        params.forEach(query::setParameter);
        List<Task> tasks = query.setFirstResult(f.offset()).setMaxResults(f.limit()).getResultList();
        return views(tasks);
    }

    public List<PlanViews.TaskView> views(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = tasks.stream().map(t -> t.id).toList();
        Map<UUID, List<TaskUnit>> units = new HashMap<>(TaskUnit.<TaskUnit> list("taskId in ?1", ids).stream()
                .collect(Collectors.groupingBy(u -> u.taskId)));
        List<UUID> unprinted = ids.stream().filter(id -> !units.containsKey(id)).toList();
        if (!unprinted.isEmpty()) {
            units.putAll(assignedUnits(unprinted));
        }
        Map<UUID, List<Milestone>> milestones = Milestone.<Milestone> list("taskId in ?1", ids).stream()
                .collect(Collectors.groupingBy(m -> m.taskId));
        Map<UUID, List<Designation>> designations = Designation.<Designation> list("taskId in ?1", ids).stream()
                .collect(Collectors.groupingBy(d -> d.taskId));
        Map<UUID, Section> sections = new HashMap<>();
        Map<UUID, Annex> annexes = new HashMap<>();
        Map<UUID, Plan> plans = new HashMap<>();
        List<PlanViews.TaskView> views = new ArrayList<>();
        for (Task t : tasks) {
            Section s = t.sectionId == null ? null : sections.computeIfAbsent(t.sectionId, id -> Section.findById(id));
            Annex a = s == null ? null : annexes.computeIfAbsent(s.annexId, id -> Annex.findById(id));
            Plan p = t.planId == null ? null : plans.computeIfAbsent(t.planId, id -> Plan.findById(id));
            views.add(PlanViews.task(t, s, a, p, units.getOrDefault(t.id, List.of()), milestones.getOrDefault(t.id, List.of()),
                    designations.getOrDefault(t.id, List.of())));
        }
        return views;
    }

    /**
     * The units of tasks created over REST (POST /api/tasks), which name no printed units: those they are assigned to
     * (not a returned or transferred assignment), named from the unit replica, in the order assigned. Not persisted.
     */
    private Map<UUID, List<TaskUnit>> assignedUnits(List<UUID> taskIds) {
        List<Assignment> assignments = Assignment.<Assignment> list(
                "taskId in ?1 and replacedBy is null order by assignedAt, id", taskIds);
        Map<UUID, String> names = UnitReplica.namesOf(assignments.stream().map(a -> a.unitId).toList());
        Map<UUID, List<TaskUnit>> byTask = new HashMap<>();
        for (Assignment a : assignments) {
            List<TaskUnit> list = byTask.computeIfAbsent(a.taskId, id -> new ArrayList<>());
            TaskUnit unit = new TaskUnit();
            unit.taskId = a.taskId;
            unit.role = a.role;
            unit.position = list.size();
            unit.unitId = a.unitId;
            unit.resolvedName = names.get(a.unitId);
            unit.name = names.getOrDefault(a.unitId, a.unitId.toString());
            list.add(unit);
        }
        return byTask;
    }

    /** Whether the unit has any part in the task (named by it, or assigned). */
    public boolean concerns(UUID taskId, UUID unitId) {
        return em.createQuery("select count(t) from Task t where t.id = :task and (exists (select 1 from TaskUnit tu where"
                + " tu.taskId = t.id and tu.unitId = :unit) or exists (select 1 from Assignment au where au.taskId = t.id and"
                + " au.unitId = :unit))", Long.class).setParameter("task", taskId).setParameter("unit", unitId).getSingleResult() > 0;
    }
}
