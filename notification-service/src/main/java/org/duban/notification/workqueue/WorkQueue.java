package org.duban.notification.workqueue;

import static org.duban.notification.workqueue.WorkItems.LEAD;
import static org.duban.notification.workqueue.WorkItems.OFFICE;
import static org.duban.notification.workqueue.WorkItems.cause;
import static org.duban.notification.workqueue.WorkItems.day;
import static org.duban.notification.workqueue.WorkItems.excerpt;
import static org.duban.notification.workqueue.WorkItems.sentence;
import static org.duban.notification.workqueue.WorkItems.text;

import java.time.Clock;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.DomainEvent;
import org.duban.events.EventRoutes;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.supervision.RectificationClosed;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.RectificationReported;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ExtensionRequested;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ProvincialExtensionRequested;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.events.task.ProvincialTaskReturned;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.notification.workqueue.WorkItems.About;

/**
 * Keeps the work queue (待办): each event that leaves something waiting for the supervision office or a lead unit
 * opens a {@code work_item}, each event that answers it closes it. Called by the consumers inside their
 * {@code EventInbox} transaction, so an event changes the queue once; item ids derive from their cause (report,
 * request, message), so an event replayed after its processed-event row was purged still adds nothing and reopens
 * nothing. The county's own work (assignments, reports, extension requests) and rectifications are decided here, the
 * province link's in {@link ProvincialWork}; the rows are written by {@link WorkItems}.
 *
 * <p>Who an item waits for: {@code OFFICE}, or {@code LEAD} — the task's current lead unit, looked up when the queue
 * is read ({@link WorkQueueResource}), so a lead unit that returned the task or was replaced hands its reviews on
 * without rewriting items; while a task has no lead unit, the office reviews.
 */
@ApplicationScoped
public class WorkQueue {

    @Inject
    EntityManager em;

    @Inject
    Notifier notifier;

    @Inject
    Clock clock;

    @Inject
    WorkItems items;

    @Inject
    ProvincialWork provincial;

    /** One method per event type that opens or closes something; the rest are ignored. */
    private final EventRoutes routes = new EventRoutes()
            .on(TaskAssigned.class, this::assigned)
            .on(AssignmentReturned.class, this::returned)
            .on(AssignmentTransferred.class, (id, t) -> transferred(t))
            .on(AssignmentWithdrawn.class, (id, w) -> withdrawn(w))
            .on(TaskCompleted.class, (id, c) -> completed(c))
            .on(ProgressReported.class, this::reported)
            .on(ReportReviewed.class, (id, r) -> items.close("kind = 'REPORT_REVIEW' and assignment_id = ?1", r.assignmentId(),
                    "ReportReviewed (复核)", r.reviewedAt()))
            .on(ExtensionRequested.class, this::extensionRequested)
            .on(ExtensionDecided.class, (id, x) -> items.close("kind = 'EXTENSION_REQUEST' and subject = ?1", x.requestId().toString(),
                    "ExtensionDecided (审批)", x.decidedAt()))
            .on(RectificationOrdered.class, (id, o) -> rectificationOrdered(o))
            .on(RectificationReported.class, this::rectificationReported)
            .on(RectificationClosed.class, (id, c) -> rectificationClosed(c))
            .on(ProvincialTaskIssued.class, (id, i) -> provincial.issued(id, i))
            .on(ProvincialTaskAccepted.class, (id, a) -> provincial.answered(a.provTaskId(), "ACCEPTED", a.acceptedAt(),
                    "ProvincialTaskAccepted (签收)"))
            .on(ProvincialTaskReturned.class, (id, r) -> provincial.returned(r))
            .on(ProvincialTaskRevoked.class, (id, r) -> provincial.revoked(r))
            .on(ProvinceUrged.class, (id, u) -> provincial.urged(id, u))
            .on(ProvincialProgressCompiled.class, (id, p) -> provincial.closeUrges(p.taskId(), "ProvincialProgressCompiled (进度反馈)",
                    p.compiledAt()))
            .on(ProvincialExtensionRequested.class, (id, x) -> provincial.closeUrges(x.taskId(),
                    "ProvincialExtensionRequested (延期申请)", x.requestedAt()))
            .on(ProvincialTaskCompleted.class, (id, c) -> provincial.closeUrges(c.taskId(), "ProvincialTaskCompleted (办结)",
                    c.completedAt()));

    /** One event of any consumed topic (the handlers of trigger/ and {@link ProvinceEventsConsumer} hand each one here). */
    public void on(UUID eventId, DomainEvent payload) {
        routes.dispatch(eventId, payload);
    }

    /** 撤销交办, of open work or of a return the office decided not to reassign: nothing waits on it any more. */
    private void withdrawn(AssignmentWithdrawn w) {
        items.status(w.assignmentId(), "WITHDRAWN");
        items.closeAssignment(w.assignmentId(), "AssignmentWithdrawn (撤销交办)", w.withdrawnAt());
    }

    private void completed(TaskCompleted c) {
        items.status(c.assignmentId(), "COMPLETED");
        items.closeAssignment(c.assignmentId(), "TaskCompleted (办结)", c.completedAt());
    }

    private void rectificationOrdered(RectificationOrdered o) {
        if (o.rectificationId() == null) {
            return;
        }
        em.createNativeQuery("""
                insert into work_rectification (rectification_id, inspection_id, requirement) values (?1, ?2, ?3)
                on conflict do nothing""")
                .setParameter(1, o.rectificationId()).setParameter(2, o.inspectionId()).setParameter(3, o.requirement()).executeUpdate();
    }

    private void rectificationClosed(RectificationClosed c) {
        if (c.rectificationId() != null) {
            items.close("kind = 'RECTIFICATION_REVIEW' and subject = ?1", c.rectificationId().toString(),
                    c.reopened() ? "RectificationClosed (复核退回)" : "RectificationClosed (销号)", c.closedAt());
        }
    }

    /**
     * Remembers the assignment. The office's 改派 names the returned assignment it replaces
     * ({@code TaskAssigned.replacesAssignmentId}, issue 22): that return's item closes. New work (the field null) closes
     * nothing. Work already done at import ({@code completedAtImport}) is remembered COMPLETED, whether its
     * TaskCompleted was read before or after it, and waits for no one.
     */
    private void assigned(UUID eventId, TaskAssigned a) {
        // one round trip per TaskAssigned (a plan import brings thousands in one batch); a TaskAssigned read again finds
        // its assignment remembered and closes nothing
        em.createNativeQuery("""
                with remembered as (
                    insert into work_assignment (assignment_id, task_id, unit_id, role, title, task_number, status, assigned_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7) on conflict do nothing returning assignment_id)
                update work_item set closed_at = ?7, closed_by = 'TaskAssigned (改派)'
                where exists (select 1 from remembered)
                  and closed_at is null and kind = 'RETURNED' and assignment_id = ?8""")
                .setParameter(1, a.assignmentId()).setParameter(2, a.taskId()).setParameter(3, a.unitId()).setParameter(4, a.role())
                .setParameter(5, a.taskTitle()).setParameter(6, a.taskNumber())
                .setParameter(7, a.assignedAt() == null ? clock.instant() : a.assignedAt())
                .setParameter(8, a.replacesAssignmentId())
                .setParameter(9, a.doneAtImport() ? "COMPLETED" : "OPEN").executeUpdate();
    }

    private void returned(UUID eventId, AssignmentReturned r) {
        items.status(r.assignmentId(), "RETURNED");
        items.closeAssignment(r.assignmentId(), "AssignmentReturned (退回)", r.returnedAt());
        About about = items.about(r.assignmentId(), r.taskId());
        items.open(cause("returned", r.assignmentId()), WorkKind.RETURNED, OFFICE, r.assignmentId().toString(), r.assignmentId(),
                r.taskId(), r.unitId(), null, about, "退回理由：" + text(r.reason()),
                "/api/assignments/" + r.assignmentId() + "/reassign", r.returnedAt(), eventId);
    }

    /**
     * A merge moved the assignment (same id): its items follow it to the receiving unit. Or the receiving unit already
     * held the task (another id): the moved assignment is withdrawn and what waited on it closes.
     */
    private void transferred(AssignmentTransferred t) {
        if (t.assignmentId().equals(t.toAssignmentId())) {
            em.createNativeQuery("update work_assignment set unit_id = ?2 where assignment_id = ?1")
                    .setParameter(1, t.assignmentId()).setParameter(2, t.toUnitId()).executeUpdate();
            em.createNativeQuery("update work_item set unit_id = ?2 where assignment_id = ?1 and closed_at is null")
                    .setParameter(1, t.assignmentId()).setParameter(2, t.toUnitId()).executeUpdate();
        } else {
            items.status(t.assignmentId(), "WITHDRAWN");
            items.closeAssignment(t.assignmentId(), "AssignmentTransferred (并入后撤销)", t.transferredAt());
        }
    }

    /**
     * A report waits for its review (复核): a co-unit's for the task's lead unit, a lead unit's (or one of an assignment
     * this service has not seen assigned) for the office. Reports not yet reviewed are one item per assignment, since
     * the review is of the latest: a second report updates the item and keeps how long it has waited.
     */
    private void reported(UUID eventId, ProgressReported p) {
        String detail = "完成进度 " + p.percentComplete() + "%" + (p.period() == null ? "" : "（" + p.period() + "）")
                + (p.consolidated() ? "，综合反馈" : "") + "：" + excerpt(p.narrative());
        int updated = em.createNativeQuery("""
                update work_item set detail = ?2, opened_by = ?3
                where kind = 'REPORT_REVIEW' and assignment_id = ?1 and closed_at is null""")
                .setParameter(1, p.assignmentId()).setParameter(2, detail).setParameter(3, eventId).executeUpdate();
        if (updated > 0) {
            return;
        }
        About about = items.about(p.assignmentId(), p.taskId());
        String reviewer = "CO_RESPONSIBLE".equals(about.role()) && !p.consolidated() ? LEAD : OFFICE;
        items.open(cause("report", p.reportId()), WorkKind.REPORT_REVIEW, reviewer, p.assignmentId().toString(), p.assignmentId(),
                p.taskId(), p.unitId(), null, about, detail, "/api/assignments/" + p.assignmentId() + "/review", p.reportedAt(), eventId);
    }

    /** The office's item, and its notice at once (urgent: no digest, no quiet hours — the office must decide). */
    private void extensionRequested(UUID eventId, ExtensionRequested x) {
        About about = items.about(x.assignmentId(), x.taskId());
        String detail = "申请延至" + day(x.requestedDueAt()) + "（现行完成时限" + day(x.currentDueAt()) + "），理由：" + text(x.reason());
        items.open(cause("extension", x.requestId()), WorkKind.EXTENSION_REQUEST, OFFICE, x.requestId().toString(), x.assignmentId(),
                x.taskId(), x.unitId(), null, about, detail,
                "/api/assignments/" + x.assignmentId() + "/extensions/" + x.requestId() + "/decision", x.requestedAt(), eventId);
        notifier.notify(new Notice(eventId, NoticeType.EXTENSION_REQUESTED, x.unitId(), EnumSet.of(Audience.OFFICE),
                Notices.params("taskTitle", about.title() == null ? "贵单位承担的任务" : about.title(),
                        "currentDue", day(x.currentDueAt()), "requestedDue", day(x.requestedDueAt()), "reason", sentence(x.reason())),
                true, x.assignmentId()));
    }

    private void rectificationReported(UUID eventId, RectificationReported r) {
        if (r.rectificationId() == null) {
            return;
        }
        Object requirement = em.createNativeQuery("select requirement from work_rectification where rectification_id = ?1")
                .setParameter(1, r.rectificationId()).getResultStream().findFirst().orElse(null);
        About about = new About(null, requirement == null ? "整改事项" : "整改：" + excerpt(requirement.toString()), null);
        items.open(cause("rectification-report", r.rectificationId() + "@" + r.reportedAt()), WorkKind.RECTIFICATION_REVIEW, OFFICE, r.rectificationId().toString(), null, null,
                r.unitId(), null, about, "整改情况：" + excerpt(r.narrative()), "/api/rectifications/" + r.rectificationId() + "/review",
                r.reportedAt(), eventId);
    }
}
