package org.duban.notification.workqueue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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
import org.duban.platform.time.ChineseDates;

/**
 * Keeps the work queue (待办): each event that leaves something waiting for the supervision office or a lead unit
 * opens a {@code work_item}, each event that answers it closes it. Called by the consumers inside their
 * {@code EventInbox} transaction, so an event changes the queue once; item ids derive from their cause (report,
 * request, message), so an event replayed after its processed-event row was purged still adds nothing and reopens
 * nothing ({@code on conflict do nothing}).
 *
 * <p>Who an item waits for: {@code OFFICE}, or {@code LEAD} — the task's current lead unit, looked up when the queue
 * is read ({@link WorkQueueResource}), so a lead unit that returned the task or was replaced hands its reviews on
 * without rewriting items; while a task has no lead unit, the office reviews.
 */
@ApplicationScoped
public class WorkQueue {

    static final String OFFICE = "OFFICE";
    static final String LEAD = "LEAD";

    /** The first key of this package's advisory locks (the second: the provTaskId's hash). */
    private static final int LOCK_SPACE = 22_0001;

    @Inject
    EntityManager em;

    @Inject
    Notifier notifier;

    @Inject
    Clock clock;

    /** One method per event type that opens or closes something; the rest are ignored. */
    private final EventRoutes routes = new EventRoutes()
            .on(TaskAssigned.class, this::assigned)
            .on(AssignmentReturned.class, this::returned)
            .on(AssignmentTransferred.class, (id, t) -> transferred(t))
            .on(AssignmentWithdrawn.class, (id, w) -> withdrawn(w))
            .on(TaskCompleted.class, (id, c) -> completed(c))
            .on(ProgressReported.class, this::reported)
            .on(ReportReviewed.class, (id, r) -> close("kind = 'REPORT_REVIEW' and assignment_id = ?1", r.assignmentId(),
                    "ReportReviewed (复核)", r.reviewedAt()))
            .on(ExtensionRequested.class, this::extensionRequested)
            .on(ExtensionDecided.class, (id, x) -> close("kind = 'EXTENSION_REQUEST' and subject = ?1", x.requestId().toString(),
                    "ExtensionDecided (审批)", x.decidedAt()))
            .on(RectificationOrdered.class, (id, o) -> rectificationOrdered(o))
            .on(RectificationReported.class, this::rectificationReported)
            .on(RectificationClosed.class, (id, c) -> rectificationClosed(c))
            .on(ProvincialTaskIssued.class, this::provincialIssued)
            .on(ProvincialTaskAccepted.class, (id, a) -> provincialAnswered(a.provTaskId(), "ACCEPTED", a.acceptedAt(),
                    "ProvincialTaskAccepted (签收)"))
            .on(ProvincialTaskReturned.class, (id, r) -> provincialReturned(r))
            .on(ProvincialTaskRevoked.class, (id, r) -> provincialRevoked(r))
            .on(ProvinceUrged.class, this::urged)
            .on(ProvincialProgressCompiled.class, (id, p) -> closeUrges(p.taskId(), "ProvincialProgressCompiled (进度反馈)",
                    p.compiledAt()))
            .on(ProvincialExtensionRequested.class, (id, x) -> closeUrges(x.taskId(), "ProvincialExtensionRequested (延期申请)",
                    x.requestedAt()))
            .on(ProvincialTaskCompleted.class, (id, c) -> closeUrges(c.taskId(), "ProvincialTaskCompleted (办结)", c.completedAt()));

    /** One event of any consumed topic (the handlers of trigger/ and {@link ProvinceEventsConsumer} hand each one here). */
    public void on(UUID eventId, DomainEvent payload) {
        routes.dispatch(eventId, payload);
    }

    /** 撤销交办, of open work or of a return the office decided not to reassign: nothing waits on it any more. */
    private void withdrawn(AssignmentWithdrawn w) {
        status(w.assignmentId(), "WITHDRAWN");
        closeAssignment(w.assignmentId(), "AssignmentWithdrawn (撤销交办)", w.withdrawnAt());
    }

    private void completed(TaskCompleted c) {
        status(c.assignmentId(), "COMPLETED");
        closeAssignment(c.assignmentId(), "TaskCompleted (办结)", c.completedAt());
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
            close("kind = 'RECTIFICATION_REVIEW' and subject = ?1", c.rectificationId().toString(),
                    c.reopened() ? "RectificationClosed (复核退回)" : "RectificationClosed (销号)", c.closedAt());
        }
    }

    private void provincialReturned(ProvincialTaskReturned r) {
        provincialAnswered(r.provTaskId(), "RETURNED", r.returnedAt(), "ProvincialTaskReturned (退回)");
        closeUrges(r.taskId(), "ProvincialTaskReturned (退回)", r.returnedAt());
    }

    private void provincialRevoked(ProvincialTaskRevoked r) {
        if (r.provTaskId() != null) {
            close("prov_task_id = ?1", r.provTaskId(), "ProvincialTaskRevoked (省级撤销)", r.revokedAt());
        }
    }

    /**
     * Remembers the assignment. The office's 改派 names the returned assignment it replaces
     * ({@code TaskAssigned.replacesAssignmentId}, issue 22): that return's item closes. New work (the field null) closes
     * nothing.
     */
    private void assigned(UUID eventId, TaskAssigned a) {
        // one round trip per TaskAssigned (a plan import brings thousands in one batch); a TaskAssigned read again finds
        // its assignment remembered and closes nothing
        em.createNativeQuery("""
                with remembered as (
                    insert into work_assignment (assignment_id, task_id, unit_id, role, title, task_number, status, assigned_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, 'OPEN', ?7) on conflict do nothing returning assignment_id)
                update work_item set closed_at = ?7, closed_by = 'TaskAssigned (改派)'
                where exists (select 1 from remembered)
                  and closed_at is null and kind = 'RETURNED' and assignment_id = ?8""")
                .setParameter(1, a.assignmentId()).setParameter(2, a.taskId()).setParameter(3, a.unitId()).setParameter(4, a.role())
                .setParameter(5, a.taskTitle()).setParameter(6, a.taskNumber())
                .setParameter(7, a.assignedAt() == null ? clock.instant() : a.assignedAt())
                .setParameter(8, a.replacesAssignmentId()).executeUpdate();
    }

    private void returned(UUID eventId, AssignmentReturned r) {
        status(r.assignmentId(), "RETURNED");
        closeAssignment(r.assignmentId(), "AssignmentReturned (退回)", r.returnedAt());
        About about = about(r.assignmentId(), r.taskId());
        open(cause("returned", r.assignmentId()), WorkKind.RETURNED, OFFICE, r.assignmentId().toString(), r.assignmentId(),
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
            status(t.assignmentId(), "WITHDRAWN");
            closeAssignment(t.assignmentId(), "AssignmentTransferred (并入后撤销)", t.transferredAt());
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
        About about = about(p.assignmentId(), p.taskId());
        String reviewer = "CO_RESPONSIBLE".equals(about.role()) && !p.consolidated() ? LEAD : OFFICE;
        open(cause("report", p.reportId()), WorkKind.REPORT_REVIEW, reviewer, p.assignmentId().toString(), p.assignmentId(),
                p.taskId(), p.unitId(), null, about, detail, "/api/assignments/" + p.assignmentId() + "/review", p.reportedAt(), eventId);
    }

    /** The office's item, and its notice at once (urgent: no digest, no quiet hours — the office must decide). */
    private void extensionRequested(UUID eventId, ExtensionRequested x) {
        About about = about(x.assignmentId(), x.taskId());
        String detail = "申请延至" + day(x.requestedDueAt()) + "（现行完成时限" + day(x.currentDueAt()) + "），理由：" + text(x.reason());
        open(cause("extension", x.requestId()), WorkKind.EXTENSION_REQUEST, OFFICE, x.requestId().toString(), x.assignmentId(),
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
        open(cause("rectification-report", r.rectificationId() + "@" + r.reportedAt()), WorkKind.RECTIFICATION_REVIEW, OFFICE, r.rectificationId().toString(), null, null,
                r.unitId(), null, about, "整改情况：" + excerpt(r.narrative()), "/api/rectifications/" + r.rectificationId() + "/review",
                r.reportedAt(), eventId);
    }

    /**
     * A provincial task waits for 签收 or 退回. The answer travels on the task events, the issue on the province events:
     * an answer read first is kept ({@code work_provincial_answer}) and the issue it answered then opens nothing. A task
     * issued again after the county returned it waits again; one issued again while signed for (new terms) does not.
     */
    private void provincialIssued(UUID eventId, ProvincialTaskIssued i) {
        if (i.provTaskId() == null || i.messageId() == null) {
            return; // task-service dead-letters such a message; here it simply waits for no one
        }
        lockProvincialTask(i.provTaskId());
        Instant issuedAt = i.issuedAt() == null ? clock.instant() : i.issuedAt();
        long answered = ((Number) em.createNativeQuery("""
                select count(*) from work_provincial_answer
                where prov_task_id = ?1 and (answer = 'ACCEPTED' or answered_at >= ?2)""")
                .setParameter(1, i.provTaskId()).setParameter(2, issuedAt).getSingleResult()).longValue();
        if (answered > 0) {
            return;
        }
        String title = i.title() == null || i.title().isBlank() ? excerpt(i.text()) : i.title();
        String detail = (i.documentNumber() == null ? "" : i.documentNumber() + " ") + (i.documentTitle() == null ? "" : i.documentTitle())
                + (i.deadlineText() == null ? "" : "，完成时限：" + i.deadlineText());
        open(cause("provincial-issued", i.messageId()), WorkKind.PROVINCIAL_TASK, OFFICE, i.provTaskId(), null, null, null,
                i.provTaskId(), new About(null, title, i.taskNumber()), detail.strip(), "/api/provincial-tasks?state=ISSUED",
                issuedAt, eventId);
    }

    private void provincialAnswered(String provTaskId, String answer, Instant at, String why) {
        if (provTaskId == null || at == null) {
            return;
        }
        lockProvincialTask(provTaskId);
        em.createNativeQuery("""
                insert into work_provincial_answer (prov_task_id, answer, answered_at) values (?1, ?2, ?3)
                on conflict (prov_task_id) do update set answer = excluded.answer, answered_at = excluded.answered_at
                where work_provincial_answer.answered_at <= excluded.answered_at""")
                .setParameter(1, provTaskId).setParameter(2, answer).setParameter(3, at).executeUpdate();
        close("kind = 'PROVINCIAL_TASK' and prov_task_id = ?1", provTaskId, why, at);
    }

    /**
     * The issue and the answer are applied by two consumers (two topics), maybe at the same moment: without this, the
     * issue's transaction could find no answer while the answer's found no item yet, and the task would wait for ever
     * (WorkQueueTest's barrier rounds left 42 of 60 waiting). A transaction-scoped advisory lock per provTaskId puts
     * them one after the other. Two batches taking two tasks' locks in opposite order deadlock; PostgreSQL ends one
     * (40P01) and the inbox retries it as a transient failure.
     */
    private void lockProvincialTask(String provTaskId) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext(?1))) l")
                .setParameter(1, provTaskId).getSingleResult();
    }

    /**
     * 省级催办 and 督办 wait until the county answers the province on that task: progress sent up (进度反馈), an extension
     * requested, the task completed or returned (all on the task events, keyed like the urge, so read after it), or the
     * province revoking it. There is no separate acknowledgement in the link (docs/province-api.md).
     */
    private void urged(UUID eventId, ProvinceUrged u) {
        if (u.taskId() == null || u.messageId() == null || u.urgedAt() == null) {
            return;
        }
        boolean supervise = "SUPERVISE".equals(u.kind());
        String level = "RED".equals(u.level()) ? "红色督办" : "YELLOW".equals(u.level()) ? "黄色督办" : "";
        String detail = (supervise ? level + "：" : "催办：") + text(u.reason()) + (u.replyBy() == null ? "" : "；请于" + day(u.replyBy()) + "前回复");
        open(cause("province-urged", u.messageId()), supervise ? WorkKind.PROVINCE_SUPERVISED : WorkKind.PROVINCE_URGED, OFFICE,
                u.taskId().toString(), null, u.taskId(), null, u.provTaskId(), new About(null, u.title(), u.taskNumber()), detail,
                "/api/provincial-tasks/" + u.taskId() + "/progress", u.urgedAt(), eventId);
    }

    private void closeUrges(UUID provincialTaskId, String why, Instant at) {
        if (provincialTaskId == null) {
            return;
        }
        close("kind in ('PROVINCE_URGED', 'PROVINCE_SUPERVISED') and subject = ?1", provincialTaskId.toString(), why, at);
    }

    /** What an item is about: the task's title and printed number, as TaskAssigned told them. */
    record About(String role, String title, String taskNumber) {
    }

    /** From this package's own record of the assignment, or (assignments assigned before the queue existed) assignment_info. */
    private About about(UUID assignmentId, UUID taskId) {
        List<?> rows = em.createNativeQuery("select role, title, task_number from work_assignment where assignment_id = ?1")
                .setParameter(1, assignmentId).getResultList();
        if (rows.isEmpty()) {
            rows = em.createNativeQuery("select cast(null as text), title, task_number from assignment_info where assignment_id = ?1")
                    .setParameter(1, assignmentId).getResultList();
        }
        if (rows.isEmpty()) {
            return new About(null, null, null);
        }
        Object[] row = (Object[]) rows.get(0);
        return new About((String) row[0], (String) row[1], (String) row[2]);
    }

    private void open(UUID id, WorkKind kind, String reviewer, String subject, UUID assignmentId, UUID taskId, UUID unitId,
            String provTaskId, About about, String detail, String link, Instant since, UUID eventId) {
        em.createNativeQuery("""
                insert into work_item (id, kind, reviewer, subject, assignment_id, task_id, unit_id, prov_task_id, title, task_number,
                                       detail, link, since, opened_by)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                on conflict (id) do nothing""")
                .setParameter(1, id).setParameter(2, kind.name()).setParameter(3, reviewer).setParameter(4, subject)
                .setParameter(5, assignmentId).setParameter(6, taskId).setParameter(7, unitId).setParameter(8, provTaskId)
                .setParameter(9, about.title()).setParameter(10, about.taskNumber()).setParameter(11, detail).setParameter(12, link)
                .setParameter(13, since == null ? clock.instant() : since).setParameter(14, eventId).executeUpdate();
    }

    private void close(String where, Object key, String why, Instant at) {
        em.createNativeQuery("update work_item set closed_at = ?2, closed_by = ?3 where closed_at is null and " + where)
                .setParameter(1, key).setParameter(2, at == null ? clock.instant() : at).setParameter(3, why).executeUpdate();
    }

    /** Everything still waiting on the assignment: a return, a withdrawal, a completion leaves nothing to decide. */
    void closeAssignment(UUID assignmentId, String why, Instant at) {
        close("assignment_id = ?1", assignmentId, why, at);
    }

    void status(UUID assignmentId, String status) {
        em.createNativeQuery("update work_assignment set status = ?2 where assignment_id = ?1")
                .setParameter(1, assignmentId).setParameter(2, status).executeUpdate();
    }

    private static UUID cause(String kind, Object id) {
        return UUID.nameUUIDFromBytes(("work-item:" + kind + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String day(Instant at) {
        return at == null ? "（未定）" : ChineseDates.day(at);
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? "未说明" : s.strip();
    }

    /** A reason as the end of a sentence: without its own final 。 (the template adds one). */
    private static String sentence(String s) {
        String t = text(s);
        while (!t.isEmpty() && "。.;；".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String excerpt(String s) {
        String t = text(s);
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }
}
