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
import jakarta.transaction.Transactional;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.unit.UnitReplica;
import org.duban.task.assignment.Assignment;
import org.duban.task.importer.PlanWriter;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.Designation;
import org.duban.task.plan.PlanViews;

/**
 * Reads plans and their tasks with units, milestones and designations, filtered. Supervisors and leaders read
 * everything; a unit officer reads only work that names or is assigned to its unit.
 */
@ApplicationScoped
public class TaskQueries {

    /** Filters; null means any. {@code unitId}: tasks naming the unit or assigned to it (also via a group). */
    public record Filter(UUID planId, UUID sectionId, UUID unitId, Assignment.Status status, Boolean overdue, Instant now,
            int offset, int limit) {
    }

    @Inject
    EntityManager em;

    @Inject
    CallerUnit caller;

    @Inject
    PlanWriter plans;

    @Inject
    java.time.Clock clock;

    /** Every plan (a unit officer's: those with work of its unit), in import order, with its number of tasks. */
    @Transactional
    public List<PlanViews.PlanSummary> plans() {
        String where = "";
        UUID unit = officerUnit();
        if (unit != null) {
            where = " where exists (select 1 from Task t where t.planId = p.id and (exists (select 1 from TaskUnit tu where tu.taskId = t.id"
                    + " and tu.unitId = :unit) or exists (select 1 from Assignment au where au.taskId = t.id and au.unitId = :unit)))";
        }
        var q = em.createQuery("select p from Plan p" + where + " order by p.importedAt, p.title", Plan.class);
        if (unit != null) {
            q.setParameter("unit", unit);
        }
        return q.getResultList().stream().map(p -> new PlanViews.PlanSummary(p.id, p.title, p.documentNumber, p.level, p.issuedOn,
                p.importedAt, Task.count("planId", p.id))).toList();
    }

    /** One plan with its annexes, sections and tasks counted; for a unit officer only a plan with work of its unit. */
    @Transactional
    public PlanViews.PlanView plan(UUID id) {
        Plan plan = Plan.findById(id);
        if (plan == null) {
            throw Problem.notFound("no plan " + id);
        }
        UUID unit = officerUnit();
        if (unit != null && find(new Filter(id, null, unit, null, null, clock.instant(), 0, 1)).isEmpty()) {
            throw Problem.forbidden("plan " + id + " has no work of the unit in the token's unit_id claim");
        }
        return plans.view(plan);
    }

    /**
     * Tasks filtered by plan, section, unit, assignment status (by name; 400 naming {@code status} when unknown) and
     * overdue, paged; a unit officer's own unit's only.
     */
    @Transactional
    public List<PlanViews.TaskView> tasks(UUID planId, UUID sectionId, UUID unitId, String status, Boolean overdue, int offset,
            int limit) {
        UUID own = officerUnit();
        if (own != null) {
            if (unitId != null && !unitId.equals(own)) {
                throw Problem.forbidden("a unit officer reads only its own unit's work (unit_id " + own + ")");
            }
            unitId = own;
        }
        Assignment.Status st = null;
        if (status != null && !status.isBlank()) {
            try {
                st = Assignment.Status.valueOf(status.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw Problem.invalidField("status", "unknown status “" + status + "”: one of "
                        + java.util.Arrays.toString(Assignment.Status.values()));
            }
        }
        if (offset < 0) {
            throw Problem.invalidField("offset", "must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw Problem.invalidField("limit", "must be between 1 and 1000");
        }
        return find(new Filter(planId, sectionId, unitId, st, overdue, clock.instant(), offset, limit));
    }

    /** One task; for a unit officer only a task that names or is assigned to its unit. */
    @Transactional
    public PlanViews.TaskView task(UUID id) {
        Task task = Task.findById(id);
        if (task == null) {
            throw Problem.notFound("no task " + id);
        }
        UUID own = officerUnit();
        if (own != null && !concerns(id, own)) {
            throw Problem.forbidden("task " + id + " is not work of the unit in the token's unit_id claim");
        }
        return views(List.of(task)).get(0);
    }

    /** The unit a unit officer is limited to; null for roles that read everything. */
    private UUID officerUnit() {
        if (!caller.isUnitOfficer()) {
            return null;
        }
        return caller.unitId().orElseThrow(() -> Problem.forbidden("the token names no unit (unit_id claim)"));
    }

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
