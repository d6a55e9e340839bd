package org.duban.task.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.DueKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ExtensionRequested;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.deadline.Recoveries;

/**
 * 延期: the unit's request for a later due date, the office's decision, and a pending request closed with its work
 * ({@link #closePending}, by 撤销交办). Shared steps: {@link Changes}.
 */
@ApplicationScoped
public class Extensions {

    @Inject
    Changes changes;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    CallerUnit caller;

    @Inject
    AssignmentConfig config;

    @Inject
    Recoveries recoveries;

    @Inject
    DeadlineWatcher watcher;

    /** 延期申请 by the unit, on open work with a due date; at most {@code duban.assignment.max-extensions} requests. */
    @Transactional
    public ExtensionRequest request(UUID id, Instant requestedDueAt, String reason) {
        Changes.Change c = changes.ownChange(id);
        Assignment a = c.assignment();
        Changes.require(c, Assignment.Step.REQUEST_EXTENSION);
        if (a.dueAt == null) {
            throw Problem.conflict("ongoing work (持续推进) has no due date to extend").with("state", a.status.name())
                    .with("version", c.version());
        }
        if (!requestedDueAt.isAfter(a.dueAt)) {
            throw Problem.invalidField("requestedDueAt", "must be after the due date in force, " + a.dueAt);
        }
        if (ExtensionRequest.count("assignmentId = ?1 and status = ?2", a.id, ExtensionRequest.Status.PENDING) > 0) {
            throw Problem.conflict("an extension request for assignment " + id + " is still pending")
                    .with("state", ExtensionRequest.Status.PENDING.name()).with("version", c.version());
        }
        long made = ExtensionRequest.count("assignmentId", a.id);
        if (made >= config.maxExtensions()) {
            throw Problem.conflict("assignment " + id + " already had " + made + " extension requests; at most "
                    + config.maxExtensions() + " are allowed").with("state", a.status.name()).with("version", c.version())
                    .with("maxExtensions", config.maxExtensions());
        }
        Instant now = clock.instant();
        String actor = changes.actor();
        ExtensionRequest r = new ExtensionRequest();
        r.id = UUID.randomUUID();
        r.assignmentId = a.id;
        r.status = ExtensionRequest.Status.PENDING;
        r.reason = reason.strip();
        r.currentDueAt = a.dueAt;
        r.requestedDueAt = requestedDueAt;
        r.requestedBy = actor;
        r.requestedAt = now;
        r.persist();
        AssignmentHistory.record(a, a.status, actor, "延期申请至 " + requestedDueAt + ": " + r.reason, now);
        outbox.publish(new ExtensionRequested(r.id, a.id, a.taskId, a.unitId, r.currentDueAt, requestedDueAt, r.reason, now),
                c.eventId("extension-requested"));
        return r;
    }

    /**
     * The supervision office decides a pending extension request. Approved: the assignment's due date becomes the
     * requested one (the watcher announces the new date's reminders afresh; a miss of the old date is recovered).
     */
    @Transactional
    public ExtensionRequest decide(UUID id, UUID requestId, boolean approve, String note) {
        Changes.Change c = changes.change(id);
        Assignment a = c.assignment();
        ExtensionRequest r = ExtensionRequest.findById(requestId);
        if (r == null || !r.assignmentId.equals(a.id)) {
            throw Problem.notFound("no extension request " + requestId + " on assignment " + id);
        }
        if (r.status != ExtensionRequest.Status.PENDING) {
            throw Problem.conflict("extension request " + requestId + " was already decided: " + r.status
                    + " (by " + r.decidedBy + ")").with("state", r.status.name()).with("version", r.version)
                    .with("assignmentVersion", c.version());
        }
        Instant now = clock.instant();
        Instant oldDue = a.dueAt;
        boolean extended = approve && a.isOpen();
        boolean oldDueMissed = extended && recoveries.missedFinal(a.watched(), oldDue);
        if (extended) {
            a.dueAt = r.requestedDueAt;
        }
        decided(c, r, approve ? ExtensionRequest.Status.APPROVED : ExtensionRequest.Status.REJECTED, note, now,
                approve ? "延期批准: " + oldDue + " → " + a.dueAt : "延期不予批准");
        if (oldDueMissed) {
            recoveries.recover(a.watched(), List.of(new Recoveries.Miss(oldDue, DueKind.FINAL)), Recoveries.EXTENDED, now);
        }
        if (extended) {
            watcher.announceNewDueDate(a.watched(), now);
        }
        return r;
    }

    /**
     * A request still pending when its work is withdrawn (撤销交办) is closed with it, in the withdrawal's transaction:
     * WITHDRAWN, decided by whoever withdrew, with the history line and the {@link ExtensionDecided} every decision has
     * (not approved, the due date unchanged), so the office's work queue and the unit see it closed.
     */
    void closePending(Changes.Change c, String why, Instant now) {
        List<ExtensionRequest> pending = ExtensionRequest.list("assignmentId = ?1 and status = ?2", c.assignment().id,
                ExtensionRequest.Status.PENDING);
        for (ExtensionRequest r : pending) {
            decided(c, r, ExtensionRequest.Status.WITHDRAWN, why, now, "延期撤销（随撤销交办关闭）");
        }
    }

    /** The request decided ({@code status}), its history line and its {@code ExtensionDecided}. */
    private void decided(Changes.Change c, ExtensionRequest r, ExtensionRequest.Status status, String note, Instant now,
            String what) {
        Assignment a = c.assignment();
        r.status = status;
        r.decisionNote = note == null || note.isBlank() ? null : note.strip();
        r.decidedBy = changes.actor();
        r.decidedAt = now;
        AssignmentHistory.record(a, a.status, r.decidedBy, what + (r.decisionNote == null ? "" : ": " + r.decisionNote), now);
        // a request is decided once: its id names the decision, whichever way it went
        outbox.publish(new ExtensionDecided(r.id, a.id, a.taskId, a.unitId, status == ExtensionRequest.Status.APPROVED, a.dueAt,
                r.decisionNote, now), c.eventId("extension-decided:" + r.id));
    }

    /** An assignment's requests with their decisions, oldest first. */
    @Transactional
    public List<ExtensionRequest> list(UUID id) {
        Assignment a = Changes.find(id);
        caller.requireMayActFor(a.unitId);
        return ExtensionRequest.list("assignmentId = ?1 order by requestedAt", a.id);
    }
}
