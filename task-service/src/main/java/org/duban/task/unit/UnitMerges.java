package org.duban.task.unit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

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
import org.duban.task.deadline.DeadlineCursor;
import org.duban.task.plan.Task;

/**
 * When unit-service merges unit A into unit B (机构合并), A's open assignments become B's: each moves to B, or,
 * where B already holds the same task in the same role, A's is withdrawn in favour of B's. Every move is
 * announced ({@link AssignmentTransferred}) in the same transaction, so the inbox and the status board follow. Each
 * moved assignment is locked and its version raised as by any command on it (issue 18).
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

    @Inject
    EntityManager em;

    @Inject
    DeadlineCursor cursor;

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
        List<UUID> openIds = em.createQuery("select a.id from Assignment a where a.unitId = ?1 and a.status in ?2 order by a.id",
                UUID.class).setParameter(1, merged.unitId()).setParameter(2, Assignment.Status.OPEN).getResultList();
        int moved = 0;
        for (UUID id : openIds) {
            // as every lifecycle command (assignment/Changes): the row locked and its version raised, so a command racing
            // the merge runs before it or after it and meets the moved (or withdrawn) assignment with a 409; ids in order,
            // so two merges never lock the same rows in opposite orders
            Assignment moving = em.find(Assignment.class, id, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            if (moving == null || !moving.isOpen() || !merged.unitId().equals(moving.unitId)) {
                continue; // changed by a command that committed between the read and the lock
            }
            long version = moving.version - 1;
            // the range's sweep ends before the transfer commits or starts after it: no stale miss for the old unit
            cursor.hold(moving.id);
            Assignment held = Assignment.find("taskId = ?1 and unitId = ?2 and role = ?3",
                    moving.taskId, merged.survivorId(), moving.role).firstResult();
            Assignment receiving;
            if (held == null) {
                moving.unitId = merged.survivorId();
                receiving = moving;
                AssignmentHistory.record(moving, moving.status, AssignmentHistory.SYSTEM, "机构合并: " + reason, now);
            } else {
                Assignment.Status from = moving.take(Assignment.Step.MERGE_INTO_HELD, now);
                receiving = held;
                AssignmentHistory.record(moving, from, AssignmentHistory.SYSTEM, "机构合并: " + reason
                        + "; the survivor already holds this task (" + held.id + ")", now);
            }
            Task task = Task.findById(moving.taskId);
            // the event id names the cause (assignment, transition, version met), as the assignment commands' do (assignment/Changes)
            outbox.publish(new AssignmentTransferred(moving.id, moving.taskId, task.title, merged.unitId(),
                    merged.survivorId(), receiving.id, moving.role.name(), moving.dueAt, reason, now),
                    UUID.nameUUIDFromBytes(("assignment:" + moving.id + ":merge:" + version).getBytes(StandardCharsets.UTF_8)));
            moved++;
        }
        LOG.infof("%s merged into %s: %d open assignments moved", merged.name(), merged.survivorName(), moved);
    }
}
