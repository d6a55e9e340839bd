package org.duban.supervision.status;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskAssigned;
import org.duban.platform.inbox.EventInbox;

/** Builds {@link AssignmentStatus} from task events only; it never asks task-service. */
@ApplicationScoped
public class StatusProjection {

    private static final Logger LOG = Logger.getLogger(StatusProjection.class);

    @Inject
    EventInbox inbox;

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("supervision-status", records, event -> {
            Object payload = event.payload();
            if (payload instanceof TaskAssigned a) {
                AssignmentStatus s = new AssignmentStatus();
                s.assignmentId = a.assignmentId();
                s.taskId = a.taskId();
                s.unitId = a.unitId();
                s.taskTitle = a.taskTitle();
                s.status = AssignmentStatus.Status.OPEN;
                s.dueAt = a.dueAt();
                s.updatedAt = a.assignedAt();
                s.persist();
            } else if (payload instanceof ProgressReported p) {
                update(p.assignmentId(), p.reportedAt(), s -> {
                    s.percentComplete = p.percentComplete();
                    if (s.status == AssignmentStatus.Status.OPEN) {
                        s.status = AssignmentStatus.Status.REPORTED;
                    }
                });
            } else if (payload instanceof DeadlineMissed m) {
                update(m.assignmentId(), m.detectedAt(), s -> s.status = AssignmentStatus.Status.OVERDUE);
            } else if (payload instanceof AssignmentTransferred t) {
                // moved: the same assignment continues under the surviving unit; otherwise the survivor's own carries on
                update(t.assignmentId(), t.transferredAt(), t.assignmentId().equals(t.toAssignmentId())
                        ? s -> s.unitId = t.toUnitId()
                        : s -> s.status = AssignmentStatus.Status.WITHDRAWN);
            }
        });
    }

    private void update(java.util.UUID assignmentId, Instant at, java.util.function.Consumer<AssignmentStatus> change) {
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
