package org.duban.task.assignment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;

/** Assignments read: a unit's work list or a task's holders, one assignment, its history; each as its view. */
@ApplicationScoped
public class AssignmentQueries {

    /** The role is stored by name, so its alphabetical order would put CO_RESPONSIBLE first. */
    private static final String LEAD_FIRST = "case when role = :lead then 0 else 1 end, assignedAt, id";

    @Inject
    CallerUnit caller;

    /**
     * A unit's work list ({@code unitId}), or a task's assignments ({@code taskId}: the supervision office's and a
     * leader's view of who holds the task, lead first), or both, paged. A unit officer sees only the unit in its token (a
     * task's assignments: its own unit's).
     */
    @Transactional
    public List<AssignmentView> list(UUID unitId, UUID taskId, int offset, int limit) {
        if (unitId == null && taskId == null) {
            throw Problem.invalidField("unitId", "query parameter is required (or taskId)");
        }
        if (offset < 0) {
            throw Problem.invalidField("offset", "must not be negative");
        }
        if (limit < 1 || limit > 1000) {
            throw Problem.invalidField("limit", "must be between 1 and 1000");
        }
        if (unitId != null) {
            caller.requireMayActFor(unitId);
        } else if (caller.isUnitOfficer()) {
            unitId = caller.unitId().orElseThrow(() -> Problem.forbidden("the token names no unit (unit_id claim)"));
        }
        PanacheQuery<Assignment> query;
        if (taskId == null) {
            query = Assignment.find("unitId = ?1 order by assignedAt, id", unitId);
        } else if (unitId == null) {
            query = Assignment.find("taskId = :task order by " + LEAD_FIRST,
                    Parameters.with("task", taskId).and("lead", Role.LEAD));
        } else {
            query = Assignment.find("taskId = :task and unitId = :unit order by " + LEAD_FIRST,
                    Parameters.with("task", taskId).and("unit", unitId).and("lead", Role.LEAD));
        }
        List<Assignment> page = query.range(offset, offset + limit - 1).list();
        Map<UUID, Task> tasks = new HashMap<>();
        return page.stream().map(a -> AssignmentView.of(a, tasks.computeIfAbsent(a.taskId, id -> Task.findById(id)))).toList();
    }

    /** One assignment, for the supervisors, leaders and its own unit. */
    @Transactional
    public AssignmentView get(UUID id) {
        Assignment a = Changes.find(id);
        caller.requireMayActFor(a.unitId);
        return view(a);
    }

    /** Every status change with who, why and when, oldest first. */
    @Transactional
    public List<HistoryView> history(UUID id) {
        Assignment a = Changes.find(id);
        caller.requireMayActFor(a.unitId);
        return AssignmentHistory.<AssignmentHistory> list("assignmentId = ?1 order by id", a.id).stream().map(HistoryView::of)
                .toList();
    }

    /** The view of an assignment a command answers. */
    @Transactional
    public AssignmentView view(Assignment a) {
        return AssignmentView.of(a, Task.findById(a.taskId));
    }
}
