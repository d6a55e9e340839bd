package org.duban.task.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.platform.audit.AuditTrail;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.deadline.UnknownCalendarYear;
import org.duban.task.plan.Task;
import org.duban.task.plan.Role;

/**
 * Creating tasks and handing them to units (交办); each change goes out via the outbox. What follows is the lifecycle
 * ({@link Changes}: {@link Acceptance}, {@link Reporting}, {@link Extensions}, {@link Closing}, {@link Withdrawal}).
 */
@ApplicationScoped
public class Assigning {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    DeadlineWatcher watcher;

    @Inject
    AuditTrail audit;

    /** 交办 outside a plan ({@code POST /api/tasks}): the task, its assignments and their audit entries in one transaction. */
    @Transactional
    public Task create(NewTask request) {
        Instant now = clock.instant();
        var seen = new HashSet<String>();
        for (int i = 0; i < request.assignments().size(); i++) {
            var a = request.assignments().get(i);
            if (!seen.add(a.unitId() + "/" + a.role())) {
                throw Problem.invalidField("assignments[" + i + "]", "unit " + a.unitId() + " is already assigned as " + a.role());
            }
        }
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.title = request.title().strip();
        task.dueAt = request.dueAt();
        task.deadlineKind = request.dueAt() == null ? Task.DeadlineKind.ONGOING : Task.DeadlineKind.DATE;
        task.createdAt = now;
        task.persist();
        for (var a : request.assignments()) {
            assign(task, a.unitId(), a.role(), now);
        }
        audit.record("task.create", "TASK", task.id, null, AuditTrail.fields("title", task.title, "dueAt", task.dueAt));
        return task;
    }

    /**
     * Hands {@code task} to one unit in one role (交办) and announces it with {@code TaskAssigned}; call inside the
     * transaction that persisted the task (a designation, a reassignment).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment assign(Task task, UUID unitId, Role role, Instant now) {
        return assign(task, unitId, role, now, null);
    }

    /**
     * As {@link #assign(Task, UUID, Role, Instant)}, but when {@code announcements} is given, its events (the
     * {@code TaskAssigned}, and a miss of work already late) are added there for the caller to write in one go with
     * {@code Outbox.publishAll} before its transaction ends: a plan import makes two thousand assignments, and a row per
     * event cost most of its time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment assign(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements) {
        return assign(task, unitId, role, now, announcements, null);
    }

    /**
     * 改派: hands {@code task} to another unit in place of the RETURNED assignment {@code replaces}; its
     * {@code TaskAssigned} names the assignment it replaces ({@code replacesAssignmentId}, issue 22).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment reassign(Task task, UUID unitId, Role role, Instant now, UUID replaces, Instant dueAt) {
        return assign(task, unitId, role, now, null, replaces, dueAt);
    }

    /**
     * Work already done when the office adopted the plan (办结 at import, issue 22): the assignment is made and completed
     * at once, with its history ({@code 交办}, then {@code 办结销号} with {@code reason} by {@code actor}), and announced as
     * any completion, {@code TaskAssigned} (marked {@code completedAtImport}) then {@code TaskCompleted}, into
     * {@code announcements}. Its due dates are never
     * watched (no miss, no reminder: the deadline watcher only reads open work); {@code onTime} is true, since what was
     * done before Duban counts against nobody, and {@code taskClosed} is true, since every assignment of a task marked
     * done is made done.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Assignment assignDone(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements, String reason,
            String actor) {
        Assignment assignment = create(task, unitId, role, now);
        // marked completedAtImport: consumers do not ask the unit to sign for work already done
        announcements.add(new Outbox.Entry(UUID.randomUUID(), assigned(task, assignment, now, null, now)));
        Assignment.Status from = assignment.take(Assignment.Step.COMPLETE_AT_IMPORT, now);
        AssignmentHistory.record(assignment, from, actor, "办结销号（纳入督办前已办结）：" + reason, now);
        announcements.add(new Outbox.Entry(UUID.randomUUID(),
                new TaskCompleted(assignment.id, task.id, unitId, assignment.dueAt, true, true, now)));
        return assignment;
    }

    private Assignment assign(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements, UUID replaces) {
        return assign(task, unitId, role, now, announcements, replaces, null);
    }

    /** The same, with the assignment's own due date when {@code dueAt} is given (a reassignment's), else the task's. */
    private Assignment assign(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements, UUID replaces,
            Instant dueAt) {
        Assignment assignment = create(task, unitId, role, now);
        if (dueAt != null) {
            assignment.dueAt = dueAt;
        }
        TaskAssigned assigned = assigned(task, assignment, now, replaces);
        if (announcements == null) {
            outbox.publish(assigned);
        } else {
            announcements.add(new Outbox.Entry(UUID.randomUUID(), assigned));
        }
        watcher.announceNewAssignment(assignment.watched(), now, announcements); // work handed over already late (or nearly)
        return assignment;
    }

    /**
     * A new ASSIGNED assignment of {@code task}, persisted with its first history row (交办) naming who handed it over:
     * the caller (the supervisor importing a plan or creating a task), or the system where no person asked (a provincial
     * task, a consumer).
     */
    private Assignment create(Task task, UUID unitId, Role role, Instant now) {
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.taskId = task.id;
        assignment.unitId = unitId;
        assignment.role = role;
        assignment.status = Assignment.Status.ASSIGNED;
        assignment.dueAt = task.dueAt;
        assignment.calendarUnknownYear = UnknownCalendarYear.of(task); // counted with weekends only: flagged
        assignment.countsFrom = task.countsFrom; // a plan adopted under way: earlier due dates count against nobody
        assignment.assignedAt = now;
        assignment.persist();
        AssignmentHistory.record(assignment, null, assigner(), "交办", now);
        return assignment;
    }

    private String assigner() {
        AuditTrail.Actor who = audit.currentActor(null);
        return AuditTrail.SYSTEM.equals(who.subject()) ? AssignmentHistory.SYSTEM : who.name();
    }

    private static TaskAssigned assigned(Task task, Assignment assignment, Instant now, UUID replaces) {
        return assigned(task, assignment, now, replaces, null);
    }

    private static TaskAssigned assigned(Task task, Assignment assignment, Instant now, UUID replaces, Instant completedAtImport) {
        return new TaskAssigned(assignment.id, task.id, task.title, assignment.unitId, assignment.role.name(), assignment.dueAt, now,
                task.planId, task.sectionId, task.number, replaces, completedAtImport);
    }
}
