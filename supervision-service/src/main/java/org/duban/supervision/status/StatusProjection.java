package org.duban.supervision.status;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import org.duban.events.DomainEvent;
import org.duban.events.EventRoutes;
import org.duban.events.task.AssignmentAccepted;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueDateKind;
import org.duban.events.task.DueKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.PlanPublished;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.Recovery;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.supervision.config.SupervisionConfig;
import org.duban.supervision.province.ProvinceUrges;
import org.duban.supervision.warning.Warning;
import org.duban.supervision.warning.Warnings;

/**
 * The read model, built from task events only (it never asks task-service): where each assignment stands, placed
 * in its plan and section, and the automatic cards. Everything written here depends on the events alone (their
 * times, never the clock), so replaying the topic from the start gives the same rows and the same card ids. The handler
 * of {@code duban.task.events}: {@link TaskEventsConsumer} receives each polled batch and hands every event to
 * {@link #handle}, which names one method per event type.
 */
@ApplicationScoped
public class StatusProjection {

    private static final Logger LOG = Logger.getLogger(StatusProjection.class);

    @Inject
    jakarta.persistence.EntityManager em;

    @Inject
    Warnings warnings;

    @Inject
    SupervisionConfig config;

    @Inject
    ProvinceUrges provinceUrges;

    /** Public disclosure keeps each report's text (disclosure/ReportTexts). */
    @Inject
    ReportTextSink reportTexts;

    @Inject
    DueDateChanges dueDateChanges;

    @Inject
    WithdrawnWork withdrawnWork;

    private final EventRoutes routes = new EventRoutes()
            .on(PlanPublished.class, (id, p) -> plan(p))
            .on(TaskAssigned.class, (id, a) -> assigned(a))
            .on(AssignmentAccepted.class, (id, a) -> accepted(a))
            .on(AssignmentReturned.class, (id, r) -> returned(r))
            .on(ProgressReported.class, (id, p) -> reported(p))
            .on(ReportReviewed.class, (id, r) -> reviewed(r))
            .on(ExtensionDecided.class, (id, d) -> extensionDecided(d))
            .on(DeadlineApproaching.class, (id, a) -> approaching(a))
            .on(DeadlineMissed.class, (id, m) -> missed(m))
            .on(DeadlineRecovered.class, (id, r) -> recovered(r))
            .on(TaskCompleted.class, (id, c) -> completed(c))
            .on(AssignmentTransferred.class, (id, t) -> transferred(t))
            .on(AssignmentWithdrawn.class, (id, w) -> withdrawnWork.on(w))
            .on(ProvinceUrged.class, (id, u) -> provinceUrges.on(u))
            .on(DueDateChanged.class, (id, c) -> dueDateChanges.on(c)); // issue 18: the light takes the new date, the old date's miss and cards end

    /** One task event, in the transaction of its batch; events without a method here change nothing on the board. */
    public void handle(UUID eventId, DomainEvent event) {
        routes.dispatch(eventId, event);
    }

    /** One event, as replayed by the tests. */
    void apply(Object payload) {
        handle(null, (DomainEvent) payload);
    }

    private void accepted(AssignmentAccepted a) {
        update(a.assignmentId(), a.acceptedAt(), s -> {
            if (s.status == AssignmentStatus.Status.OPEN) {
                s.status = AssignmentStatus.Status.ACCEPTED;
            }
        });
    }

    private void returned(AssignmentReturned r) {
        update(r.assignmentId(), r.returnedAt(), s -> {
            s.status = AssignmentStatus.Status.RETURNED;
            // the work goes back to the office: its misses end here and its cards leave the unit that gave it back
            closeMisses(s, r.returnedAt(), "RETURNED");
            warnings.annulForAssignment(s.assignmentId, "任务已退回（" + brief(r.reason()) + "），不再由本单位承办，红黄牌作废",
                    r.returnedAt());
        });
    }

    private void reported(ProgressReported p) {
        reportTexts.on(p); // public disclosure keeps the report's text (disclosure/)
        update(p.assignmentId(), p.reportedAt(), s -> {
            s.percentComplete = p.percentComplete();
            s.lastReportedAt = p.reportedAt();
            if (s.status == AssignmentStatus.Status.OPEN || s.status == AssignmentStatus.Status.ACCEPTED) {
                s.status = AssignmentStatus.Status.REPORTED;
            }
            warnings.liftForAssignment(s.assignmentId, Warning.YELLOW, "单位已反馈进展", p.reportedAt());
        });
    }

    /** 复核退回: the report no longer stands; the unit is working on it again (signed for, not reported). */
    private void reviewed(ReportReviewed r) {
        if (r.approved()) {
            return;
        }
        update(r.assignmentId(), r.reviewedAt(), s -> {
            if (s.status == AssignmentStatus.Status.REPORTED) {
                s.status = AssignmentStatus.Status.ACCEPTED;
            }
        });
    }

    private void extensionDecided(ExtensionDecided d) {
        if (d.approved()) {
            update(d.assignmentId(), d.decidedAt(), s -> s.dueAt = d.dueAt());
        }
    }

    private void completed(TaskCompleted c) {
        update(c.assignmentId(), c.completedAt(), s -> {
            s.status = AssignmentStatus.Status.COMPLETED;
            s.completedAt = c.completedAt();
            s.onTime = c.onTime();
            s.percentComplete = 100;
            closeMisses(s, c.completedAt(), "COMPLETED");
            warnings.liftForAssignment(s.assignmentId, null, "任务已办结", c.completedAt());
        });
    }

    /**
     * Moved: the same assignment continues under the surviving unit and its open cards follow the work. Otherwise the
     * survivor's own assignment carries on: this one is withdrawn and its cards leave the unit.
     */
    private void transferred(AssignmentTransferred t) {
        update(t.assignmentId(), t.transferredAt(), t.assignmentId().equals(t.toAssignmentId())
                ? s -> {
                    s.unitId = t.toUnitId();
                    warnings.moveForAssignment(s.assignmentId, t.toUnitId(), t.transferredAt());
                }
                : s -> {
                    s.status = AssignmentStatus.Status.WITHDRAWN;
                    closeMisses(s, t.transferredAt(), "WITHDRAWN");
                    warnings.annulForAssignment(s.assignmentId, "任务已由承接单位承办（" + brief(t.reason()) + "），本单位红黄牌作废",
                            t.transferredAt());
                });
    }

    /** Every open miss of the assignment ends (completed, returned, withdrawn): nothing is missed any more. */
    private static void closeMisses(AssignmentStatus s, Instant at, String how) {
        s.missedOpen = 0;
        for (MissedDue open : MissedDue.<MissedDue> list("assignmentId = ?1 and recoveredAt is null", s.assignmentId)) {
            open.recoveredAt = at;
            open.recoveredHow = how;
            open.cardDueAt = null;
        }
    }

    private static String brief(String reason) {
        if (reason == null || reason.isBlank()) {
            return "未说明理由";
        }
        String r = reason.strip();
        return r.length() > 200 ? r.substring(0, 200) + "…" : r;
    }

    /** When the unit could have signed for its assignment: no card before then (grace for work assigned late). */
    Instant graceEnd(AssignmentStatus s) {
        return s.assignedAt == null ? Instant.MIN : s.assignedAt.plus(config.cards().signGrace());
    }

    private static String how(String how) {
        return switch (Recovery.of(how)) {
            case REPORTED -> "已补报进展";
            case COMPLETED -> "已办结";
            case EXTENDED -> "已批准延期";
            default -> String.valueOf(how);
        };
    }

    private void plan(PlanPublished p) {
        PlanView plan = PlanView.<PlanView> findByIdOptional(p.planId()).orElseGet(PlanView::new);
        plan.planId = p.planId();
        plan.title = p.title();
        plan.documentNumber = p.documentNumber();
        plan.publishedAt = p.publishedAt();
        if (!plan.isPersistent()) {
            plan.persist();
        }
        int position = 0;
        for (PlanPublished.Section section : p.sections() == null ? java.util.List.<PlanPublished.Section> of() : p.sections()) {
            PlanSection s = PlanSection.<PlanSection> findByIdOptional(section.sectionId()).orElseGet(PlanSection::new);
            s.sectionId = section.sectionId();
            s.planId = p.planId();
            s.annex = section.annex();
            s.label = section.label();
            s.title = section.title();
            s.position = position++;
            if (!s.isPersistent()) {
                s.persist();
            }
        }
    }

    private void assigned(TaskAssigned a) {
        AssignmentStatus found = AssignmentStatus.findById(a.assignmentId());
        AssignmentStatus s = found != null ? found : new AssignmentStatus();
        if (found == null) {
            s.assignmentId = a.assignmentId();
            s.status = AssignmentStatus.Status.OPEN;
        }
        s.taskId = a.taskId();
        s.unitId = a.unitId();
        s.taskTitle = a.taskTitle();
        s.role = a.role();
        s.dueAt = a.dueAt();
        s.assignedAt = a.assignedAt();
        s.planId = a.planId();
        s.sectionId = a.sectionId();
        s.taskNumber = a.taskNumber();
        s.updatedAt = a.assignedAt();
        if (found == null) {
            s.persist(); // after the fields are set: Hibernate inserts the state it had at persist
        }
    }

    /** Yellow card: a deadline within the configured lead time and nothing reported since assignment. */
    private void approaching(DeadlineApproaching a) {
        update(a.assignmentId(), a.detectedAt(), s -> {
            Duration left = Duration.between(a.detectedAt(), a.dueAt());
            if (s.lastReportedAt != null || s.completedAt != null || left.compareTo(config.cards().yellowLead()) > 0
                    || a.detectedAt().isBefore(graceEnd(s))) {
                return; // reported, done, not yet near, or the unit could not have signed yet
            }
            warnings.issueByRule(Warnings.ruleCardId(Warnings.RULE_APPROACHING, a.assignmentId(), a.dueAt(), a.dueKind()),
                    s.unitId, Warning.YELLOW, Warnings.RULE_APPROACHING,
                    "「" + s.taskTitle + "」" + label(a.dueKind(), a.dueLabel()) + "将于 " + days(left) + " 天内到期，尚未反馈进展",
                    s.assignmentId, s.taskId, null, a.detectedAt());
        });
    }

    /**
     * A missed due date (assignment, due kind, due date) opens; the red card of that due date is issued once (its id
     * is derived from the cause). A miss already open counts once, however often it is told.
     */
    private void missed(DeadlineMissed m) {
        update(m.assignmentId(), m.detectedAt(), s -> {
            if (s.status == AssignmentStatus.Status.RETURNED || s.status == AssignmentStatus.Status.WITHDRAWN
                    || s.status == AssignmentStatus.Status.COMPLETED) {
                // a sweep that read an older snapshot announced it after the work left or was done: no miss, no card
                LOG.infof("assignment %s is %s: miss of %s ignored", s.assignmentId, s.status, m.dueAt());
                return;
            }
            String kind = kind(m.dueKind());
            MissedDue due = MissedDue.findById(new MissedDue.Key(m.assignmentId(), kind, m.dueAt()));
            if (due == null) {
                due = new MissedDue();
                due.assignmentId = m.assignmentId();
                due.dueKind = kind;
                due.dueAt = m.dueAt();
                due.dueLabel = m.dueLabel();
                due.missedAt = m.detectedAt();
                due.persist();
                s.missedOpen++;
            } else if (!due.isOpen()) {
                // told again after its recovery (a topic replayed over rows that survived): open again, as the stream says
                due.missedAt = m.detectedAt();
                due.recoveredAt = null;
                due.recoveredHow = null;
                s.missedOpen++;
            }
            if (s.overdueSince == null) {
                s.overdueSince = m.dueAt();
            }
            s.recoveredAt = null;
            s.status = AssignmentStatus.Status.OVERDUE;
            // the yellow card of this due date gives way to its red one; another due date's yellow stands
            Warning yellow = Warning.findById(Warnings.ruleCardId(Warnings.RULE_APPROACHING, m.assignmentId(), m.dueAt(), m.dueKind()));
            if (yellow != null && yellow.liftedAt == null) {
                warnings.lift(yellow, "已逾期，改发红牌", m.detectedAt());
            }
            if (config.cards().redOnMissed()) {
                Instant graceEnd = graceEnd(s);
                if (m.detectedAt().isBefore(graceEnd)) {
                    // assigned late (改派 after the due date, a plan adopted late): no card before the unit could have
                    // signed; DeferredCards issues it then if the miss still stands and the unit still holds the work
                    due.cardDueAt = graceEnd;
                } else {
                    redCard(warnings, s, due, m.dueKind(), m.detectedAt());
                }
            }
        });
    }

    /** The red card of one missed due date, issued once (its id derives from the cause). */
    static void redCard(Warnings warnings, AssignmentStatus s, MissedDue due, String dueKindAsSent, Instant at) {
        warnings.issueByRule(Warnings.ruleCardId(Warnings.RULE_MISSED, s.assignmentId, due.dueAt, dueKindAsSent), s.unitId, Warning.RED,
                Warnings.RULE_MISSED, "「" + s.taskTitle + "」" + label(due.dueKind, due.dueLabel) + "已逾期（" + due.dueAt + "）",
                s.assignmentId, s.taskId, null, at);
    }

    /**
     * The recovery of one missed due date: that miss closes and only the red card of that due date is lifted; the
     * assignment stays red (OVERDUE) while another of its due dates is still missed. A recovery of a miss recorded before
     * misses were kept per due date (no row) counts down as it did then.
     */
    private void recovered(DeadlineRecovered r) {
        update(r.assignmentId(), r.recoveredAt(), s -> {
            String kind = kind(r.dueKind());
            MissedDue due = MissedDue.findById(new MissedDue.Key(r.assignmentId(), kind, r.dueAt()));
            if (due != null && !due.isOpen()) {
                return; // already recovered (or closed by the completion)
            }
            if (due != null) {
                due.recoveredAt = r.recoveredAt();
                due.recoveredHow = r.how();
            }
            s.missedOpen = Math.max(0, s.missedOpen - 1);
            s.recoveredAt = r.recoveredAt();
            if (s.missedOpen == 0 && s.status == AssignmentStatus.Status.OVERDUE) {
                s.status = s.lastReportedAt != null ? AssignmentStatus.Status.REPORTED : AssignmentStatus.Status.OPEN;
            }
            // the card's id derives from the due date as the events name it (dueKind as sent: null in the oldest events)
            Warning card = Warning.findById(Warnings.ruleCardId(Warnings.RULE_MISSED, r.assignmentId(), r.dueAt(), r.dueKind()));
            if (card != null && card.liftedAt == null) {
                warnings.lift(card, "已整改到位：" + how(r.how()), r.recoveredAt());
            }
        });
    }

    /** The due kind of a deadline event; FINAL for one written before events carried it. */
    private static String kind(String dueKind) {
        return dueKind == null ? DueKind.FINAL : dueKind;
    }

    /** @param kind the due kind as the events or the miss row name it (null: FINAL) */
    private static String label(String kind, String label) {
        return switch (DueDateKind.of(kind)) {
            case MILESTONE -> "节点「" + label + "」";
            case REPORT -> (label == null ? "" : label + " ") + "进展报送";
            default -> "办结时限";
        };
    }

    private static long days(Duration d) {
        return Math.max(0, (d.toHours() + 23) / 24);
    }

    private void update(UUID assignmentId, Instant at, Consumer<AssignmentStatus> change) {
        AssignmentStatus s = AssignmentStatus.findById(assignmentId);
        if (s == null) {
            // events of one task share a partition, so TaskAssigned always comes first; a gap means lost history
            LOG.warnf("event for unknown assignment %s ignored", assignmentId);
            return;
        }
        change.accept(s);
        s.updatedAt = at;
    }
}
