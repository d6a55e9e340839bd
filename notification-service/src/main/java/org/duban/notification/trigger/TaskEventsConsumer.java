package org.duban.notification.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.CalendarYearUnknown;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.notification.calendar.CalendarNotices;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Notifier.Notice;
import org.duban.notification.escalation.DueDateChanges;
import org.duban.notification.escalation.OverdueLadder;
import org.duban.notification.recipient.Audience;
import org.duban.notification.workqueue.WorkQueue;
import org.duban.platform.inbox.EventInbox;
import org.duban.platform.time.ChineseDates;

/**
 * Task events → notices. One transaction per polled batch ({@link EventInbox#applyBatch}): the processed-event rows,
 * inbox entries and delivery rows commit together, so each event is turned into notices exactly once.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    @Inject
    EntityManager em;

    @Inject
    EventInbox inbox;

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

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-inbox", records, event -> {
            UUID id = event.id();
            var payload = event.payload();
            workQueue.on(id, payload); // the work queue (待办): what this event opens or closes
            if (payload instanceof TaskAssigned a) {
                remember(a);
                notifier.notify(new Notice(id, NoticeType.ASSIGNED, a.unitId(), EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", a.taskTitle(), "taskNumber", a.taskNumber() == null ? "" : a.taskNumber(),
                                "role", "LEAD".equals(a.role()) ? "牵头单位" : "责任单位", "due", due(a.dueAt())),
                        false, a.assignmentId()));
            } else if (payload instanceof DeadlineApproaching a) {
                notifier.notify(new Notice(id, NoticeType.APPROACHING, a.unitId(),
                        EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", AssignmentInfo.titleOf(a.assignmentId()), "dueLabel", label(a.dueLabel(), a.dueKind()),
                                "due", ChineseDates.day(a.dueAt()),
                                "daysLeft", Long.toString(Math.max(0, Duration.between(a.detectedAt(), a.dueAt()).toHours() + 23) / 24)),
                        false, a.assignmentId()));
            } else if (payload instanceof DeadlineMissed m) {
                ladder.missed(m);
            } else if (payload instanceof DeadlineRecovered r) {
                // only the ladder of this due date ends; the unit hears 逾期已解除 only when nothing of the work is chased any more
                ladder.recovered(r).ifPresent(unit -> notifier.notify(new Notice(
                        OverdueLadder.COMPLETED.equals(r.how()) ? completedId(r.assignmentId()) : id, NoticeType.RECOVERED, unit,
                        EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "how", how(r.how())), false, null)));
            } else if (payload instanceof TaskCompleted c) {
                ladder.end(c.assignmentId(), OverdueLadder.COMPLETED, c.completedAt());
            } else if (payload instanceof AssignmentReturned r) {
                ladder.end(r.assignmentId(), OverdueLadder.RETURNED, r.returnedAt());
                notifier.notify(new Notice(id, NoticeType.RETURNED, r.unitId(), EnumSet.of(Audience.OFFICE),
                        Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "reason", r.reason() == null ? "未说明" : r.reason()),
                        true, null)); // at once, not in the 08:00 digest: the office must reassign (issue 22)
            } else if (payload instanceof ReportReviewed r && !r.approved()) {
                notifier.notify(new Notice(id, NoticeType.REPORT_SENT_BACK, r.unitId(), EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", AssignmentInfo.titleOf(r.assignmentId()), "note", r.note() == null ? "未说明" : r.note()),
                        false, r.assignmentId()));
            } else if (payload instanceof ExtensionDecided x) {
                notifier.notify(new Notice(id, NoticeType.EXTENSION, x.unitId(), EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", AssignmentInfo.titleOf(x.assignmentId()), "decision", x.approved() ? "获得同意" : "未获同意",
                                "due", due(x.dueAt()), "note", x.note() == null || x.note().isBlank() ? "" : "审批意见：" + x.note()),
                        false, null));
            } else if (payload instanceof AssignmentTransferred t) {
                ladder.transferred(t);
                boolean sameAssignment = t.assignmentId().equals(t.toAssignmentId());
                notifier.notify(new Notice(id, NoticeType.TRANSFERRED, t.toUnitId(), EnumSet.of(Audience.DUTY_CONTACT),
                        Notices.params("taskTitle", t.taskTitle(), "reason", t.reason(),
                                "how", sameAssignment ? "移交贵单位办理" : "并入贵单位已承担的同一任务", "due", due(t.dueAt())),
                        false, t.toAssignmentId()));
            } else if (payload instanceof AssignmentWithdrawn w) {
                withdrawals.withdrawn(id, w); // issue 22: 撤销交办 ends the ladder and tells the unit
            } else if (payload instanceof ProvinceUrged u) {
                provinceUrged.on(id, u);
            } else if (payload instanceof DueDateChanged c) {
                dueDateChanges.on(id, c); // issue 18: the unit told, the old date's ladder re-keyed or closed
            } else if (payload instanceof CalendarYearUnknown y) {
                calendarNotices.on(id, y); // issue 18: the 1 December notice to the admin and the office
            }
            // other task events tell no one anything
        });
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
        return UUID.nameUUIDFromBytes(("recovered-completed:" + assignmentId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** 完成时限 as the notice states it: a day, or 持续推进 for ongoing work. */
    static String due(Instant dueAt) {
        return dueAt == null ? "持续推进" : ChineseDates.day(dueAt) + "前完成";
    }

    private static String label(String dueLabel, String dueKind) {
        if (dueLabel != null && !dueLabel.isBlank()) {
            return dueLabel;
        }
        return switch (dueKind == null ? "FINAL" : dueKind) {
            case "MILESTONE" -> "阶段性节点";
            case "REPORT" -> "进展报送时限";
            default -> "完成时限";
        };
    }

    private static String how(String how) {
        return switch (how == null ? "" : how) {
            case "COMPLETED" -> "已办结";
            case "EXTENDED" -> "已获准延期";
            default -> "已反馈进展";
        };
    }
}
