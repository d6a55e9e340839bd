package org.duban.task.assignment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.events.task.AssignmentAccepted;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.DueKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ExtensionRequested;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskCompleted;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.task.deadline.DeadlineCursor;
import org.duban.task.deadline.DeadlineWatcher;
import org.duban.task.deadline.Recoveries;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Task;
import org.duban.task.plan.Role;

/**
 * The assignment lifecycle after 交办 (task-service/README.md, "Assignment lifecycle"): 签收, 退回 and reassignment,
 * 反馈, the lead unit's 复核, 延期申请 and its decision, 办结销号. Each step checks who may take it and from which
 * state, writes the history row and announces the change through the outbox in one transaction.
 *
 * <p>Concurrency (issue 18): every command takes its assignment with a row lock that also raises its version
 * ({@link #change}), so two commands on one assignment run one after the other: the second reads what the first
 * committed and, when its step is no longer allowed, gets a 409 naming the state and the version. Each event of a
 * transition has an id derived from the assignment, the transition and that version ({@link Change#eventId}), so a
 * command repeated on the same version can never announce twice.
 */
@ApplicationScoped
public class Lifecycle {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    CallerUnit caller;

    @Inject
    SecurityIdentity identity;

    @Inject
    AssignmentConfig config;

    @Inject
    Recoveries recoveries;

    @Inject
    Assigning assigning;

    @Inject
    DeadlineWatcher watcher;

    @Inject
    DeadlineCursor cursor;

    @Inject
    ReportEvidence evidence;

    /** 签收: ASSIGNED → ACCEPTED, by the unit. */
    @Transactional
    public Assignment accept(UUID id) {
        Change c = ownChange(id);
        Assignment a = c.assignment();
        requireStatus(c, Assignment.Step.ACCEPT);
        Instant now = clock.instant();
        move(a, Assignment.Step.ACCEPT, "签收", now);
        outbox.publish(new AssignmentAccepted(a.id, a.taskId, a.unitId, now), c.eventId("accept"));
        return a;
    }

    /** 退回: ASSIGNED or ACCEPTED → RETURNED with a reason, by the unit; the supervision office reassigns. */
    @Transactional
    public Assignment giveBack(UUID id, String reason) {
        Change c = ownChange(id);
        Assignment a = c.assignment();
        requireStatus(c, Assignment.Step.RETURN);
        // the sweep of the assignment's range ends before 退回 commits or starts after it: no DeadlineMissed read from a
        // snapshot of the open work lands after the return (issue 18)
        cursor.hold(a.id);
        Instant now = clock.instant();
        move(a, Assignment.Step.RETURN, reason.strip(), now);
        outbox.publish(new AssignmentReturned(a.id, a.taskId, a.unitId, reason.strip(), now), c.eventId("return"));
        return a;
    }

    /**
     * 改派: a RETURNED assignment becomes a new assignment of another unit (same task, same role), with its own due date
     * when the office gives one (work handed over late need not be late at once, issue 22); the old one stays RETURNED.
     */
    @Transactional
    public Assignment reassign(UUID id, UUID unitId, String reason, Instant dueAt) {
        Change c = change(id);
        Assignment old = c.assignment();
        requireStatus(c, Assignment.Step.REASSIGN);
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
        AssignmentHistory.record(old, old.status, actor(), why, now);
        return fresh;
    }

    /**
     * 反馈: a progress report on an open assignment, by its unit. A report on an assignment not yet signed for
     * signs for it first (签收 by reporting: ASSIGNED → ACCEPTED, announced). Any report → REPORTED.
     */
    @Transactional
    public ProgressReport report(UUID id, NewReport request) {
        Change c = ownChange(id);
        Assignment a = c.assignment();
        requireStatus(c, Assignment.Step.REPORT);
        Instant now = clock.instant();
        if (request.consolidated() && a.role != Role.LEAD) {
            throw Problem.invalidField("consolidated", "only the lead unit (牵头单位) files a consolidated report for the task;"
                    + " this assignment is " + a.role);
        }
        List<NewReport.MilestoneActualInput> actuals = request.milestoneActuals() == null ? List.of()
                : request.milestoneActuals();
        Map<UUID, Milestone> milestones = new HashMap<>();
        for (Milestone m : Milestone.<Milestone> list("taskId", a.taskId)) {
            milestones.put(m.id, m);
        }
        for (int i = 0; i < actuals.size(); i++) {
            if (!milestones.containsKey(actuals.get(i).milestoneId())) {
                throw Problem.invalidField("milestoneActuals[" + i + "].milestoneId",
                        "no milestone " + actuals.get(i).milestoneId() + " on this task");
            }
        }
        if (a.status == Assignment.Status.ASSIGNED) {
            move(a, Assignment.Step.ACCEPT, "签收 (with its first report)", now);
            outbox.publish(new AssignmentAccepted(a.id, a.taskId, a.unitId, now), c.eventId("accept"));
        }
        // What this report catches up, asked before it is saved (Recoveries): missed periods, and the missed milestones
        // whose target it reaches.
        Set<Instant> reached = new HashSet<>();
        for (var actual : actuals) {
            Milestone m = milestones.get(actual.milestoneId());
            if (m.dueAt != null && (m.targetQuantity == null || actual.actualQuantity().compareTo(m.targetQuantity) >= 0)) {
                reached.add(m.dueAt);
            }
        }
        List<Recoveries.Miss> caughtUp = recoveries.missed(a.watched(), Set.of(DueKind.REPORT, DueKind.MILESTONE), reached);
        ProgressReport report = new ProgressReport();
        report.id = UUID.randomUUID();
        report.assignmentId = a.id;
        report.percentComplete = request.percentComplete();
        report.narrative = request.narrative().strip();
        report.period = request.period() == null || request.period().isBlank() ? null : request.period().strip();
        report.consolidated = request.consolidated();
        report.reportedAt = now;
        report.reportedBy = actor();
        if (request.evidence() != null) {
            request.evidence().forEach(e -> report.evidence.add(e.strip()));
        }
        actuals.forEach(m -> report.milestoneActuals.add(new ProgressReport.MilestoneActual(m.milestoneId(), m.actualQuantity())));
        report.persist();
        move(a, Assignment.Step.REPORT, report.consolidated ? "综合反馈" : "反馈", now);
        var files = evidence.attach(a, report.id, request.evidenceFileIds(), now); // by reference, never the bytes
        outbox.publish(new ProgressReported(report.id, a.id, a.taskId, a.unitId, report.percentComplete,
                report.narrative, now, report.period, report.consolidated, files), c.eventId("report"));
        recoveries.recover(a.watched(), caughtUp, Recoveries.REPORTED, now);
        return report;
    }

    /**
     * 复核: the lead unit (or the supervision office) reviews a co-unit's latest report: approve (the assignment stays
     * REPORTED and may be completed) or send back (→ IN_PROGRESS with the reason).
     */
    @Transactional
    public ReportView review(UUID id, boolean approve, String note) {
        Change c = change(id);
        Assignment a = c.assignment();
        requireMayReview(a);
        requireStatus(c, Assignment.Step.REVIEW);
        ProgressReport latest = latestReport(c);
        Instant now = clock.instant();
        latest.reviewStatus = approve ? ProgressReport.Review.APPROVED : ProgressReport.Review.SENT_BACK;
        latest.reviewNote = note == null || note.isBlank() ? null : note.strip();
        latest.reviewedBy = actor();
        latest.reviewedAt = now;
        if (approve) {
            AssignmentHistory.record(a, a.status, actor(), "复核通过" + (latest.reviewNote == null ? "" : ": " + latest.reviewNote), now);
        } else {
            if (latest.reviewNote == null) {
                throw Problem.invalidField("note", "a report sent back needs the reason (退回理由)");
            }
            move(a, Assignment.Step.SEND_BACK, "复核退回: " + latest.reviewNote, now);
        }
        outbox.publish(new ReportReviewed(latest.id, a.id, a.taskId, a.unitId, approve, latest.reviewNote, actor(), now),
                c.eventId("review"));
        return ReportView.of(latest, a);
    }

    /** 延期申请 by the unit, on open work with a due date; at most {@code duban.assignment.max-extensions} requests. */
    @Transactional
    public ExtensionRequest requestExtension(UUID id, Instant requestedDueAt, String reason) {
        Change c = ownChange(id);
        Assignment a = c.assignment();
        requireStatus(c, Assignment.Step.REQUEST_EXTENSION);
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
        ExtensionRequest r = new ExtensionRequest();
        r.id = UUID.randomUUID();
        r.assignmentId = a.id;
        r.status = ExtensionRequest.Status.PENDING;
        r.reason = reason.strip();
        r.currentDueAt = a.dueAt;
        r.requestedDueAt = requestedDueAt;
        r.requestedBy = actor();
        r.requestedAt = now;
        r.persist();
        AssignmentHistory.record(a, a.status, actor(), "延期申请至 " + requestedDueAt + ": " + r.reason, now);
        outbox.publish(new ExtensionRequested(r.id, a.id, a.taskId, a.unitId, r.currentDueAt, requestedDueAt, r.reason, now),
                c.eventId("extension-requested"));
        return r;
    }

    /**
     * The supervision office decides a pending extension request. Approved: the assignment's due date becomes the
     * requested one (the watcher announces the new date's reminders afresh; a miss of the old date is recovered).
     */
    @Transactional
    public ExtensionRequest decideExtension(UUID id, UUID requestId, boolean approve, String note) {
        Change c = change(id);
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
        r.status = approve ? ExtensionRequest.Status.APPROVED : ExtensionRequest.Status.REJECTED;
        r.decisionNote = note == null || note.isBlank() ? null : note.strip();
        r.decidedBy = actor();
        r.decidedAt = now;
        Instant oldDue = a.dueAt;
        boolean extended = approve && a.isOpen();
        boolean oldDueMissed = extended && recoveries.missedFinal(a.watched(), oldDue);
        if (extended) {
            a.dueAt = r.requestedDueAt;
        }
        AssignmentHistory.record(a, a.status, actor(), (approve ? "延期批准: " + oldDue + " → " + a.dueAt : "延期不予批准")
                + (r.decisionNote == null ? "" : ": " + r.decisionNote), now);
        // a request is decided once: its id names the decision, whichever way it went
        outbox.publish(new ExtensionDecided(r.id, a.id, a.taskId, a.unitId, approve, a.dueAt, r.decisionNote, now),
                c.eventId("extension-decided:" + r.id));
        if (oldDueMissed) {
            recoveries.recover(a.watched(), List.of(new Recoveries.Miss(oldDue, DueKind.FINAL)), Recoveries.EXTENDED, now);
        }
        if (extended) {
            watcher.announceNewDueDate(a.watched(), now);
        }
        return r;
    }

    /**
     * 办结销号 by the supervision office: REPORTED → COMPLETED. A co-unit's assignment needs its latest report
     * approved by the lead unit (复核) first.
     */
    @Transactional
    public Assignment complete(UUID id, String note) {
        Change c = change(id);
        Assignment a = c.assignment();
        requireStatus(c, Assignment.Step.COMPLETE);
        if (a.role == Role.CO_RESPONSIBLE) {
            ProgressReport latest = latestReport(c);
            if (latest.reviewStatus != ProgressReport.Review.APPROVED) {
                throw Problem.conflict("the lead unit has not approved (复核) the latest report of assignment " + id)
                        .with("state", a.status.name()).with("version", c.version())
                        .with("review", latest.reviewStatus == null ? "PENDING" : latest.reviewStatus.name());
            }
        }
        Instant now = clock.instant();
        List<Recoveries.Miss> caughtUp = recoveries.missed(a.watched(), Set.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT), null);
        move(a, Assignment.Step.COMPLETE, note == null || note.isBlank() ? "办结销号" : "办结销号: " + note.strip(), now);
        boolean onTime = a.dueAt == null || !now.isAfter(a.dueAt);
        long stillOpen = Assignment.count("taskId = ?1 and id <> ?2 and (status in ?3 or (status = ?4 and replacedBy is null))",
                a.taskId, a.id, Assignment.Status.OPEN, Assignment.Status.RETURNED);
        outbox.publish(new TaskCompleted(a.id, a.taskId, a.unitId, a.dueAt, onTime, stillOpen == 0, now), c.eventId("complete"));
        recoveries.recover(a.watched(), caughtUp, Recoveries.COMPLETED, now);
        return a;
    }

    // ---- reads

    @Transactional
    public List<AssignmentHistory> history(UUID id) {
        Assignment a = find(id);
        caller.requireMayActFor(a.unitId);
        return AssignmentHistory.list("assignmentId = ?1 order by id", a.id);
    }

    @Transactional
    public List<ExtensionRequest> extensions(UUID id) {
        Assignment a = find(id);
        caller.requireMayActFor(a.unitId);
        return ExtensionRequest.list("assignmentId = ?1 order by requestedAt", a.id);
    }

    /** The reports of one assignment: for its own unit, the task's lead unit, and the supervisors and leaders. */
    @Transactional
    public List<ReportView> reports(UUID id) {
        Assignment a = find(id);
        if (caller.isUnitOfficer() && !callerIs(a.unitId) && !callerLeads(a.taskId)) {
            throw Problem.forbidden("a unit officer reads only its own unit's reports, or those of a task its unit leads");
        }
        return ProgressReport.<ProgressReport> list("assignmentId = ?1 order by reportedAt", a.id).stream()
                .map(r -> ReportView.of(r, a)).toList();
    }

    /** Every report on a task: for the lead unit (its co-units' reports), supervisors and leaders; 403 for a co-unit. */
    @Transactional
    public List<ReportView> taskReports(UUID taskId) {
        if (Task.findById(taskId) == null) {
            throw Problem.notFound("no task " + taskId);
        }
        if (caller.isUnitOfficer() && !callerLeads(taskId)) {
            throw Problem.forbidden("only the lead unit (牵头单位) of the task reads its co-units' reports");
        }
        Map<UUID, Assignment> assignments = new HashMap<>();
        for (Assignment a : Assignment.<Assignment> list("taskId", taskId)) {
            assignments.put(a.id, a);
        }
        if (assignments.isEmpty()) {
            return List.of();
        }
        return ProgressReport.<ProgressReport> list("assignmentId in ?1 order by reportedAt", assignments.keySet()).stream()
                .map(r -> ReportView.of(r, assignments.get(r.assignmentId))).toList();
    }

    // ---- rules

    Assignment find(UUID id) {
        Assignment a = Assignment.findById(id);
        if (a == null) {
            throw Problem.notFound("no assignment " + id);
        }
        return a;
    }

    /**
     * One command's hold on an assignment: the row locked for this transaction (its version already raised) and the
     * {@code version} the command met, i.e. what the previous change committed. Two commands on one assignment run one
     * after the other, so no two commits meet the same version; a 409 names the state and this version.
     */
    record Change(Assignment assignment, long version) {

        /**
         * The id of an event of this change: a name-based UUID of the assignment, the transition and the version it
         * changed, so the same transition from the same version is announced once, whoever repeats it.
         */
        UUID eventId(String transition) {
            return UUID.nameUUIDFromBytes(("assignment:" + assignment.id + ":" + transition + ":" + version)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The assignment for a command: {@code select … for update} (a second command on it waits here until the first
     * commits, then reads what it left) and the version raised at once ({@code PESSIMISTIC_FORCE_INCREMENT}), so also
     * a command that changes nothing else on the row (复核 approved, 延期申请, a report on REPORTED work) counts as a
     * change of it. Taken before anything else of the assignment is read in the transaction.
     */
    Change change(UUID id) {
        Assignment a = em.find(Assignment.class, id, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        if (a == null) {
            throw Problem.notFound("no assignment " + id);
        }
        // the increment is exactly one (Hibernate's Versioning.increment for a long), done by this lock
        return new Change(a, a.version - 1);
    }

    /** {@link #change}, if the caller may act for the assignment's unit (403 otherwise). */
    private Change ownChange(UUID id) {
        Change c = change(id);
        caller.requireMayActFor(c.assignment().unitId);
        return c;
    }

    private void requireMayReview(Assignment a) {
        if (!caller.isUnitOfficer()) {
            return; // the supervision office (RolesAllowed keeps the others out)
        }
        if (a.role == Role.LEAD || !callerLeads(a.taskId) || callerIs(a.unitId)) {
            throw Problem.forbidden("a unit officer reviews (复核) only co-units' reports on a task its unit leads");
        }
    }

    private boolean callerIs(UUID unitId) {
        return caller.unitId().map(unitId::equals).orElse(false);
    }

    private boolean callerLeads(UUID taskId) {
        return caller.unitId().map(unit -> LeadUnits.leads(taskId, unit)).orElse(false);
    }

    /** A 409 naming the state and the version unless the assignment's transition table allows {@code step} now. */
    static void requireStatus(Change c, Assignment.Step step) {
        Assignment a = c.assignment();
        if (a.may(step)) {
            return;
        }
        throw Problem.conflict("cannot " + step.verb + " assignment " + a.id + ": it is " + a.status + " (version " + c.version()
                + "); allowed from " + step.from).with("state", a.status.name()).with("version", c.version());
    }

    private ProgressReport latestReport(Change c) {
        Assignment a = c.assignment();
        ProgressReport latest = ProgressReport.find("assignmentId = ?1 order by reportedAt desc, id", a.id).firstResult();
        if (latest == null) {
            throw Problem.conflict("assignment " + a.id + " has no report").with("state", a.status.name())
                    .with("version", c.version());
        }
        return latest;
    }

    /** Takes {@code step} on the aggregate (its transition table) and writes the history row. */
    void move(Assignment a, Assignment.Step step, String reason, Instant now) {
        Assignment.Status from = a.take(step, now);
        AssignmentHistory.record(a, from, actor(), reason, now);
    }

    /** Who acts, for the history: the token's subject with its unit or role. */
    String actor() {
        String name = identity.isAnonymous() ? AssignmentHistory.SYSTEM : identity.getPrincipal().getName();
        if (caller.isUnitOfficer()) {
            return name + " (unit " + caller.unitId().map(UUID::toString).orElse("?") + ")";
        }
        for (String role : List.of(Roles.SUPERVISOR, Roles.ADMIN, Roles.LEADER, Roles.INTEGRATION)) {
            if (identity.hasRole(role)) {
                return name + " (" + role + ")";
            }
        }
        return name;
    }
}
