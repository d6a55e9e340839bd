package org.duban.task.tasks;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.platform.audit.AuditTrail;
import org.duban.platform.problem.Problem;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Plan;
import org.duban.task.plan.PlanViews;
import org.duban.task.plan.Task;

/**
 * The supervision office's corrections to a task the importer read: the upstream task it implements, milestones proposed
 * from its text (待确认: confirmed or dismissed), and its own reporting cadence. Each is audited and answers the task as
 * it now reads; the deadline watcher is told of what it watches anew.
 */
@ApplicationScoped
public class TaskCorrections {

    @Inject
    AuditTrail audit;

    @Inject
    TaskQueries queries;

    @Inject
    Clock clock;

    @Inject
    DeadlineWatcher watcher;

    /**
     * Confirms or corrects the upstream task a task implements (a provincial or city task for a county's); the link is
     * then confirmed. The upstream task must belong to a plan of a higher level than the task's own.
     */
    @Transactional
    public PlanViews.TaskView correctUpstream(UUID id, UUID upstreamTaskId) {
        Task task = task(id);
        Task upstream = Task.findById(upstreamTaskId);
        if (upstream == null) {
            throw Problem.invalidField("upstreamTaskId", "no task " + upstreamTaskId);
        }
        Plan upstreamPlan = upstream.planId == null ? null : Plan.findById(upstream.planId);
        Plan own = task.planId == null ? null : Plan.findById(task.planId);
        Plan.Level ownLevel = own == null ? Plan.Level.COUNTY : own.level;
        if (upstreamPlan == null || !upstreamPlan.level.isAbove(ownLevel)) {
            throw Problem.invalidField("upstreamTaskId", "task " + upstream.id + " is not a task of a plan above this "
                    + ownLevel + " task's (a provincial or city plan for a county's)");
        }
        if (upstream.id.equals(task.id)) {
            throw Problem.invalidField("upstreamTaskId", "a task cannot implement itself");
        }
        audit.record("task.upstream", "TASK", task.id, AuditTrail.fields("upstreamTaskId", task.upstreamTaskId),
                AuditTrail.fields("upstreamTaskId", upstream.id));
        task.upstreamTaskId = upstream.id;
        task.upstreamConfirmed = true;
        return queries.views(List.of(task)).get(0);
    }

    /** Confirms a milestone proposed from the task's text (its date or target corrected if given); the watcher watches it. */
    @Transactional
    public PlanViews.TaskView confirmMilestone(UUID taskId, UUID id, Instant dueAt, BigDecimal targetQuantity) {
        Milestone m = milestone(taskId, id);
        if (dueAt != null) {
            m.dueAt = dueAt;
        }
        if (targetQuantity != null) {
            m.targetQuantity = targetQuantity;
        }
        if (m.dueAt == null && m.source == Milestone.Source.TASK_TEXT) {
            throw Problem.invalidField("dueAt", "the proposed milestone “" + m.label + "” has no date; give one to confirm it");
        }
        m.status = Milestone.Status.CONFIRMED;
        audit.record("milestone.confirm", "MILESTONE", m.id, null, AuditTrail.fields("taskId", taskId, "label", m.label,
                "dueAt", m.dueAt, "targetQuantity", m.targetQuantity));
        watcher.announceMilestone(taskId, m.id, clock.instant());
        return queries.views(List.of(Task.<Task> findById(taskId))).get(0);
    }

    /** Dismisses a proposed milestone (a date in the text that is no target); a confirmed one stays (409). */
    @Transactional
    public PlanViews.TaskView dismissMilestone(UUID taskId, UUID id) {
        Milestone m = milestone(taskId, id);
        if (m.status != Milestone.Status.PROPOSED) {
            throw Problem.conflict("milestone " + id + " is " + m.status + "; only a proposed milestone can be dismissed")
                    .with("state", m.status.name());
        }
        audit.record("milestone.delete", "MILESTONE", m.id, AuditTrail.fields("taskId", taskId, "label", m.label, "status", m.status),
                null);
        m.delete();
        return queries.views(List.of(Task.<Task> findById(taskId))).get(0);
    }

    /** How often ongoing work (持续推进) of the task is reported, an ISO-8601 period of at most a year; the plan's otherwise. */
    @Transactional
    public PlanViews.TaskView setCadence(UUID taskId, String reportingCadence) {
        Task task = task(taskId);
        Period cadence;
        try {
            cadence = Period.parse(reportingCadence.strip());
        } catch (DateTimeException e) {
            throw Problem.invalidField("reportingCadence", "“" + reportingCadence + "” is not an ISO-8601 period such as P1M");
        }
        if (cadence.isNegative() || cadence.isZero() || cadence.getYears() > 1 || cadence.toTotalMonths() > 12) {
            throw Problem.invalidField("reportingCadence", "must be a positive period of at most one year, e.g. P1M or P3M");
        }
        audit.record("task.cadence", "TASK", task.id, AuditTrail.fields("reportingCadence", task.reportingCadence),
                AuditTrail.fields("reportingCadence", cadence));
        task.reportingCadence = cadence;
        watcher.announceNewCadence(task.id, clock.instant());
        return queries.views(List.of(task)).get(0);
    }

    private static Task task(UUID id) {
        Task task = Task.findById(id);
        if (task == null) {
            throw Problem.notFound("no task " + id);
        }
        return task;
    }

    private static Milestone milestone(UUID taskId, UUID id) {
        Milestone m = Milestone.findById(id);
        if (m == null || !m.taskId.equals(taskId)) {
            throw Problem.notFound("task " + taskId + " has no milestone " + id);
        }
        return m;
    }
}
