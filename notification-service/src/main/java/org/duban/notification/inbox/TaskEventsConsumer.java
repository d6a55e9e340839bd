package org.duban.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.TaskAssigned;
import org.duban.platform.inbox.EventInbox;
import org.duban.platform.time.ClockProducer;

/** Puts a notice in the unit's inbox for each assignment (交办), each missed deadline and each transfer after a merge. */
@ApplicationScoped
public class TaskEventsConsumer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日").withZone(ClockProducer.COUNTY_ZONE);

    @Inject
    EventInbox inbox;

    @Inject
    Clock clock;

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-inbox", records, event -> {
            if (event.payload() instanceof TaskAssigned assigned) {
                add(event.id(), assigned.unitId(), "ASSIGNED", "新交办任务：" + assigned.taskTitle(),
                        "贵单位作为" + ("LEAD".equals(assigned.role()) ? "牵头单位" : "责任单位") + "承担此项任务，完成时限："
                                + due(assigned.dueAt()) + "。");
            } else if (event.payload() instanceof DeadlineMissed missed) {
                add(event.id(), missed.unitId(), "OVERDUE", "任务逾期提醒",
                        "贵单位承担的任务已超过完成时限（" + DAY.format(missed.dueAt()) + "），请尽快办理并反馈进展。");
            } else if (event.payload() instanceof AssignmentTransferred moved) {
                boolean sameAssignment = moved.assignmentId().equals(moved.toAssignmentId());
                add(event.id(), moved.toUnitId(), "TRANSFERRED", "任务移交：" + moved.taskTitle(),
                        "因" + moved.reason() + "，原单位承担的此项任务" + (sameAssignment ? "移交贵单位办理" : "并入贵单位已承担的同一任务")
                                + "，完成时限：" + due(moved.dueAt()) + "。");
            }
        });
    }

    /** 完成时限 as the notice states it: a day, or 持续推进 for ongoing work. */
    private static String due(Instant dueAt) {
        return dueAt == null ? "持续推进" : DAY.format(dueAt) + "前完成";
    }

    private void add(UUID eventId, UUID unitId, String kind, String title, String body) {
        InboxEntry entry = new InboxEntry();
        entry.id = UUID.randomUUID();
        entry.eventId = eventId;
        entry.unitId = unitId;
        entry.kind = kind;
        entry.title = title;
        entry.body = body;
        entry.createdAt = clock.instant();
        entry.persist();
    }
}
