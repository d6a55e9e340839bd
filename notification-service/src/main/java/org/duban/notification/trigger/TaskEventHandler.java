package org.duban.notification.trigger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.DomainEvent;
import org.duban.events.EventRoutes;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentRole;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.CalendarYearUnknown;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueDateKind;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.Recovery;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.notification.calendar.CalendarNotices;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.escalation.DueDateChanges;
import org.duban.notification.escalation.OverdueLadder;
import org.duban.notification.notice.AssignmentInfo;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.notification.workqueue.WorkQueue;
import org.duban.platform.time.ChineseDates;

/**
 * Task events → notices, the overdue ladder and the work queue: one method per event type, in the transaction of
 * {@link TaskEventsConsumer}'s batch. Events without a method here tell no one anything.
 */
@ApplicationScoped
public class TaskEventHandler {

    private static final EnumSet<Audience> DUTY_CONTACT = EnumSet.of(Audience.DUTY_CONTACT);

    @Inject
    EntityManager em;

    @Inject
    Notifier notifier;

    @Inject
    OverdueLadder ladder;

    @Inject
    ProvinceUrgedNotices provinceUrged;

    @Inject
    WithdrawalNotices withdrawals;

    @Inject
    DueDateChanges dueDateChanges;

    @Inject
    CalendarNotices calendarNotices;

    @Inject
    WorkQueue workQueue;

    private final EventRoutes routes = new EventRoutes()
            .on(TaskAssigned.class, this::assigned)
            .on(DeadlineApproaching.class, this::approaching)
            .on(DeadlineMissed.class, (id, m) -> ladder.missed(m))
            .on(DeadlineRecovered.class, this::recovered)
            .on(TaskCompleted.class, (id, c) -> ladder.end(c.assignmentId(), OverdueLadder.COMPLETED, c.completedAt()))
            .on(AssignmentReturned.class, this::returned)
            .on(ReportReviewed.class, this::reviewed)
            .on(ExtensionDecided.class, this::extensionDecided)
            .on(AssignmentTransferred.class, this::transferred)
            .on(AssignmentWithdrawn.class, (id, w) -> withdrawals.withdrawn(id, w)) // issue 22: 撤销交办 ends the ladder, tells the unit
            .on(ProvinceUrged.class, (id, u) -> provinceUrged.on(id, u))
            .on(DueDateChanged.class, (id, c) -> dueDateChanges.on(id, c)) // issue 18: the unit told, the old date's ladder re-keyed or closed
            .on(CalendarYearUnknown.class, (id, y) -> calendarNotices.on(id, y)); // issue 18: the 1 December notice

    /** One task event: the work queue (待办) first — what it opens or closes — then the event's own method. */
    public void handle(UUID eventId, DomainEvent event) {
        workQueue.on(eventId, event);
        routes.dispatch(eventId, event);
    }

    /**
     * 交办 tells the unit's duty contact. Work already done when its plan was imported ({@code completedAtImport}, issue
     * 22; its TaskCompleted follows) is remembered but tells no one: the unit has nothing to sign for.
     */
    void assigned(UUID id, TaskAssigned a) {
        remember(a);
        if (a.doneAtImport()) {
            return;
        }
        notifier.notify(new Notice(id, NoticeType.ASSIGNED, a.unitId(), DUTY_CONTACT,
                Notices.params("taskTitle", a.taskTitle(), "taskNumber", a.taskNumber() == null ? "" : a.taskNumber(),
                        "role", a.assignmentRole() == AssignmentRole.LEAD ? "牵头单位" : "责任单位", "due", due(a.dueAt())),
                false, a.assignmentId()));
    }

    void approaching(UUID id, DeadlineApproaching a) {
        notifier.notify(new Notice(id, NoticeType.APPROACHING, a.unitId(), DUTY_CONTACT,
                Notices.params("taskTitle", AssignmentInfo.titleOf(a.assignmentId()), "dueLabel", label(a.dueLabel(), a.kind()),
                        "due", ChineseDates.day(a.dueAt()),
                        "daysLeft", Long.toString(Math.max(0, Duration.between(a.detectedAt(), a.dueAt()).toHours() + 23) / 24)),
                false, a.assignmentId()));
    }

    /** Only the ladder of this due date ends; the unit hears 逾期已解除 only when nothing of the work is chased any more. */
    void recovered(UUID id, DeadlineRecovered r) {
        ladder.recovered(r).ifPresent(unit -> notifier.notify(new Notice(
                r.recovery() == Recovery.COMPLETED ? completedId(r.assignmentId()) : id, NoticeType.RECOVERED, unit, DUTY_CONTACT,
                Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "how", how(r.recovery())), false, null)));
    }

    /** At once, not in the 08:00 digest: the office must reassign (issue 22). */
    void returned(UUID id, AssignmentReturned r) {
        ladder.end(r.assignmentId(), OverdueLadder.RETURNED, r.returnedAt());
        notifier.notify(new Notice(id, NoticeType.RETURNED, r.unitId(), EnumSet.of(Audience.OFFICE),
                Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "reason", r.reason() == null ? "未说明" : r.reason()),
                true, null));
    }

    /** A report sent back (复核退回) tells the unit; an approved one tells no one. */
    void reviewed(UUID id, ReportReviewed r) {
        if (r.approved()) {
            return;
        }
        notifier.notify(new Notice(id, NoticeType.REPORT_SENT_BACK, r.unitId(), DUTY_CONTACT,
                Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "note", r.note() == null ? "未说明" : r.note()),
                false, r.assignmentId()));
    }

    void extensionDecided(UUID id, ExtensionDecided x) {
        notifier.notify(new Notice(id, NoticeType.EXTENSION, x.unitId(), DUTY_CONTACT,
                Notices.params("taskTitle", AssignmentInfo.titleOf(x.assignmentId()), "decision", x.approved() ? "获得同意" : "未获同意",
                        "due", due(x.dueAt()), "note", x.note() == null || x.note().isBlank() ? "" : "审批意见：" + x.note()),
                false, null));
    }

    void transferred(UUID id, AssignmentTransferred t) {
        ladder.transferred(t);
        boolean sameAssignment = t.assignmentId().equals(t.toAssignmentId());
        notifier.notify(new Notice(id, NoticeType.TRANSFERRED, t.toUnitId(), DUTY_CONTACT,
                Notices.params("taskTitle", t.taskTitle(), "reason", t.reason(),
                        "how", sameAssignment ? "移交贵单位办理" : "并入贵单位已承担的同一任务", "due", due(t.dueAt())),
                false, t.toAssignmentId()));
    }

    /**
     * Keeps the task's title for later notices about the assignment. One {@code insert … on conflict do nothing}, not
     * find-then-persist: a managed entity per event would be dirty-checked again at every auto-flush of the batch's
     * transaction (before each native statement), quadratic in the batch.
     */
    private void remember(TaskAssigned a) {
        em.createNativeQuery("""
                insert into assignment_info (assignment_id, task_id, title, task_number) values (?1, ?2, ?3, ?4)
                on conflict do nothing""")
                .setParameter(1, a.assignmentId()).setParameter(2, a.taskId()).setParameter(3, a.taskTitle())
                .setParameter(4, a.taskNumber()).executeUpdate();
    }

    /**
     * The 逾期已解除 notice of a completion: one per assignment, however many of its due dates the completion recovers
     * (each DeadlineRecovered of it may find nothing else chased).
     */
    private static UUID completedId(UUID assignmentId) {
        return UUID.nameUUIDFromBytes(("recovered-completed:" + assignmentId).getBytes(StandardCharsets.UTF_8));
    }

    /** 完成时限 as the notice states it: a day, or 持续推进 for ongoing work. */
    static String due(Instant dueAt) {
        return dueAt == null ? "持续推进" : ChineseDates.day(dueAt) + "前完成";
    }

    private static String label(String dueLabel, DueDateKind kind) {
        if (dueLabel != null && !dueLabel.isBlank()) {
            return dueLabel;
        }
        return switch (kind) {
            case MILESTONE -> "阶段性节点";
            case REPORT -> "进展报送时限";
            default -> "完成时限";
        };
    }

    private static String how(Recovery how) {
        return switch (how) {
            case COMPLETED -> "已办结";
            case EXTENDED -> "已获准延期";
            default -> "已反馈进展";
        };
    }
}
