package org.duban.task.unit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.task.AssignmentTransferred;
import org.duban.events.unit.UnitMerged;
import org.duban.platform.inbox.EventInbox;
import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.AssignmentHistory;
import org.duban.task.plan.Task;

/**
 * When unit-service merges unit A into unit B (机构合并), A's open assignments become B's: each moves to B, or,
 * where B already holds the same task in the same role, A's is withdrawn in favour of B's. Every move is
 * announced ({@link AssignmentTransferred}) in the same transaction, so the inbox and the status board follow.
 */
@ApplicationScoped
public class UnitMerges {

    private static final Logger LOG = Logger.getLogger(UnitMerges.class);

    @Inject
    EventInbox inbox;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Incoming("unit-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply("task-unit-merges", record, event -> {
            if (event.payload() instanceof UnitMerged merged) {
                moveOpenWork(merged);
            }
        });
    }

    private void moveOpenWork(UnitMerged merged) {
        Instant now = clock.instant();
        String reason = merged.name() + "并入" + merged.survivorName();
        List<Assignment> open = Assignment.list("unitId = ?1 and status in ?2", merged.unitId(), Assignment.Status.OPEN);
        for (Assignment moving : open) {
            Assignment held = Assignment.find("taskId = ?1 and unitId = ?2 and role = ?3",
                    moving.taskId, merged.survivorId(), moving.role).firstResult();
            Assignment receiving;
            if (held == null) {
                moving.unitId = merged.survivorId();
                receiving = moving;
                AssignmentHistory.record(moving, moving.status, AssignmentHistory.SYSTEM, "机构合并: " + reason, now);
            } else {
                Assignment.Status from = moving.status;
                moving.status = Assignment.Status.WITHDRAWN;
                receiving = held;
                AssignmentHistory.record(moving, from, AssignmentHistory.SYSTEM, "机构合并: " + reason
                        + "; the survivor already holds this task (" + held.id + ")", now);
            }
            Task task = Task.findById(moving.taskId);
            outbox.publish(new AssignmentTransferred(moving.id, moving.taskId, task.title, merged.unitId(),
                    merged.survivorId(), receiving.id, moving.role.name(), moving.dueAt, reason, now));
        }
        LOG.infof("%s merged into %s: %d open assignments moved", merged.name(), merged.survivorName(), open.size());
    }
}
