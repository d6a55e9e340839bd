package org.duban.task.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.AssignmentAccepted;
import org.duban.events.task.AssignmentReturned;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.task.deadline.DeadlineCursor;
import org.duban.task.plan.Task;

/** Whether the unit takes the work: 签收, 退回, and the office's 改派 of returned work. Shared steps: {@link Changes}. */
@ApplicationScoped
public class Acceptance {

    @Inject
    Changes changes;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    Assigning assigning;

    @Inject
    DeadlineCursor cursor;

    /** 签收: ASSIGNED → ACCEPTED, by the unit. */
    @Transactional
    public Assignment accept(UUID id) {
        Changes.Change c = changes.ownChange(id);
        Changes.require(c, Assignment.Step.ACCEPT);
        signFor(c, "签收", clock.instant());
        return c.assignment();
    }

    /** The 签收 step and its {@code AssignmentAccepted}; also taken by a first report on ASSIGNED work ({@link Reporting}). */
    void signFor(Changes.Change c, String reason, Instant now) {
        Assignment a = c.assignment();
        changes.move(a, Assignment.Step.ACCEPT, reason, now);
        outbox.publish(new AssignmentAccepted(a.id, a.taskId, a.unitId, now), c.eventId("accept"));
    }

    /** 退回: ASSIGNED or ACCEPTED → RETURNED with a reason, by the unit; the supervision office reassigns. */
    @Transactional
    public Assignment giveBack(UUID id, String reason) {
        Changes.Change c = changes.ownChange(id);
        Assignment a = c.assignment();
        Changes.require(c, Assignment.Step.RETURN);
        // the sweep of the assignment's range ends before 退回 commits or starts after it: no DeadlineMissed read from a
        // snapshot of the open work lands after the return (issue 18)
        cursor.hold(a.id);
        Instant now = clock.instant();
        changes.move(a, Assignment.Step.RETURN, reason.strip(), now);
        outbox.publish(new AssignmentReturned(a.id, a.taskId, a.unitId, reason.strip(), now), c.eventId("return"));
        return a;
    }

    /**
     * 改派: a RETURNED assignment becomes a new assignment of another unit (same task, same role), with its own due date
     * when the office gives one (work handed over late need not be late at once, issue 22); the old one stays RETURNED.
     */
    @Transactional
    public Assignment reassign(UUID id, UUID unitId, String reason, Instant dueAt) {
        Changes.Change c = changes.change(id);
        Assignment old = c.assignment();
        Changes.require(c, Assignment.Step.REASSIGN);
        if (old.replacedBy != null) {
            throw Problem.conflict("assignment " + id + " was already reassigned as " + old.replacedBy)
                    .with("state", old.status.name()).with("version", c.version()).with("replacedBy", old.replacedBy);
        }
        if (Assignment.count("taskId = ?1 and unitId = ?2 and role = ?3", old.taskId, unitId, old.role) > 0) {
            throw Problem.invalidField("unitId", "unit " + unitId + " already holds this task as " + old.role);
        }
        Instant now = clock.instant();
        if (dueAt != null && !dueAt.isAfter(now)) {
            throw Problem.invalidField("dueAt", "a reassignment's new due date must be in the future: " + dueAt);
        }
        Task task = Task.findById(old.taskId);
        Assignment fresh = assigning.reassign(task, unitId, old.role, now, old.id, dueAt);
        old.replacedBy = fresh.id;
        String why = "改派给 " + unitId + (reason == null || reason.isBlank() ? "" : ": " + reason.strip());
        AssignmentHistory.record(old, old.status, changes.actor(), why, now);
        return fresh;
    }
}
