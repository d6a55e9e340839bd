package org.duban.task.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.DueKind;
import org.duban.events.task.TaskCompleted;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.task.deadline.Recoveries;
import org.duban.task.plan.Role;

/** 办结销号: the office closes reported work; its announced misses end. Shared steps: {@link Changes}. */
@ApplicationScoped
public class Closing {

    @Inject
    Changes changes;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    Recoveries recoveries;

    /**
     * 办结销号 by the supervision office: REPORTED → COMPLETED. A co-unit's assignment needs its latest report
     * approved by the lead unit (复核) first.
     */
    @Transactional
    public Assignment complete(UUID id, String note) {
        Changes.Change c = changes.change(id);
        Assignment a = c.assignment();
        Changes.require(c, Assignment.Step.COMPLETE);
        if (a.role == Role.CO_RESPONSIBLE) {
            ProgressReport latest = Reporting.latestReport(c);
            if (latest.reviewStatus != ProgressReport.Review.APPROVED) {
                throw Problem.conflict("the lead unit has not approved (复核) the latest report of assignment " + id)
                        .with("state", a.status.name()).with("version", c.version())
                        .with("review", latest.reviewStatus == null ? "PENDING" : latest.reviewStatus.name());
            }
        }
        Instant now = clock.instant();
        List<Recoveries.Miss> caughtUp = recoveries.missed(a.watched(), Set.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT), null);
        changes.move(a, Assignment.Step.COMPLETE, note == null || note.isBlank() ? "办结销号" : "办结销号: " + note.strip(), now);
        boolean onTime = a.dueAt == null || !now.isAfter(a.dueAt);
        long stillOpen = Assignment.count("taskId = ?1 and id <> ?2 and (status in ?3 or (status = ?4 and replacedBy is null))",
                a.taskId, a.id, Assignment.Status.OPEN, Assignment.Status.RETURNED);
        outbox.publish(new TaskCompleted(a.id, a.taskId, a.unitId, a.dueAt, onTime, stillOpen == 0, now), c.eventId("complete"));
        recoveries.recover(a.watched(), caughtUp, Recoveries.COMPLETED, now);
        return a;
    }
}
