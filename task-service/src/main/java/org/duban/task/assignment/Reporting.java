package org.duban.task.assignment;

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
import jakarta.transaction.Transactional;

import org.duban.events.task.DueKind;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ReportReviewed;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.task.deadline.Recoveries;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;

/**
 * 反馈 and 复核: the unit's progress reports, the lead unit's (or the office's) review of a co-unit's latest report, and
 * who reads which reports. Shared steps: {@link Changes}.
 */
@ApplicationScoped
public class Reporting {

    @Inject
    Changes changes;

    @Inject
    Acceptance acceptance;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    CallerUnit caller;

    @Inject
    Recoveries recoveries;

    @Inject
    ReportEvidence evidence;

    /**
     * 反馈: a progress report on an open assignment, by its unit. A report on an assignment not yet signed for
     * signs for it first (签收 by reporting: ASSIGNED → ACCEPTED, announced). Any report → REPORTED.
     */
    @Transactional
    public ProgressReport report(UUID id, NewReport request) {
        Changes.Change c = changes.ownChange(id);
        Assignment a = c.assignment();
        Changes.require(c, Assignment.Step.REPORT);
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
            acceptance.signFor(c, "签收 (with its first report)", now);
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
        report.reportedBy = changes.actor();
        if (request.evidence() != null) {
            request.evidence().forEach(e -> report.evidence.add(e.strip()));
        }
        actuals.forEach(m -> report.milestoneActuals.add(new ProgressReport.MilestoneActual(m.milestoneId(), m.actualQuantity())));
        report.persist();
        changes.move(a, Assignment.Step.REPORT, report.consolidated ? "综合反馈" : "反馈", now);
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
        Changes.Change c = changes.change(id);
        Assignment a = c.assignment();
        requireMayReview(a);
        Changes.require(c, Assignment.Step.REVIEW);
        ProgressReport latest = latestReport(c);
        Instant now = clock.instant();
        String actor = changes.actor();
        latest.reviewStatus = approve ? ProgressReport.Review.APPROVED : ProgressReport.Review.SENT_BACK;
        latest.reviewNote = note == null || note.isBlank() ? null : note.strip();
        latest.reviewedBy = actor;
        latest.reviewedAt = now;
        if (approve) {
            AssignmentHistory.record(a, a.status, actor, "复核通过" + (latest.reviewNote == null ? "" : ": " + latest.reviewNote), now);
        } else {
            if (latest.reviewNote == null) {
                throw Problem.invalidField("note", "a report sent back needs the reason (退回理由)");
            }
            changes.move(a, Assignment.Step.SEND_BACK, "复核退回: " + latest.reviewNote, now);
        }
        outbox.publish(new ReportReviewed(latest.id, a.id, a.taskId, a.unitId, approve, latest.reviewNote, actor, now),
                c.eventId("review"));
        return ReportView.of(latest, a);
    }

    /** The reports of one assignment: for its own unit, the task's lead unit, and the supervisors and leaders. */
    @Transactional
    public List<ReportView> reports(UUID id) {
        Assignment a = Changes.find(id);
        if (caller.isUnitOfficer() && !changes.callerIs(a.unitId) && !changes.callerLeads(a.taskId)) {
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
        if (caller.isUnitOfficer() && !changes.callerLeads(taskId)) {
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

    /** The latest report of the assignment, or a 409 naming the state and the version when it has none. */
    static ProgressReport latestReport(Changes.Change c) {
        Assignment a = c.assignment();
        ProgressReport latest = ProgressReport.find("assignmentId = ?1 order by reportedAt desc, id", a.id).firstResult();
        if (latest == null) {
            throw Problem.conflict("assignment " + a.id + " has no report").with("state", a.status.name())
                    .with("version", c.version());
        }
        return latest;
    }

    private void requireMayReview(Assignment a) {
        if (!caller.isUnitOfficer()) {
            return; // the supervision office (RolesAllowed keeps the others out)
        }
        if (a.role == Role.LEAD || !changes.callerLeads(a.taskId) || changes.callerIs(a.unitId)) {
            throw Problem.forbidden("a unit officer reviews (复核) only co-units' reports on a task its unit leads");
        }
    }
}
