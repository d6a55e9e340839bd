package org.duban.task.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.DueKind;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.task.deadline.DeadlineCursor;
import org.duban.task.deadline.Recoveries;
import org.duban.task.plan.Task;

/**
 * 撤销交办 (issue 22): the supervision office withdraws an assignment made by mistake, or work no longer needed, with a
 * reason. Open work, or RETURNED work the office decides not to reassign, becomes WITHDRAWN for good: no unit holds it
 * in its place (unlike 改派). One transaction, as every lifecycle command ({@link Changes}): the assignment locked and
 * its version raised ({@link Changes#change}, so a racing 办结销号 or 反馈 runs before or after and the loser gets a 409
 * naming the state and the version), the history row with the actor and the reason, {@link AssignmentWithdrawn} with an
 * id from (assignment, transition, version), and a {@code DeadlineRecovered} how {@value #WITHDRAWN} for each announced
 * miss of the work (issue 18: every way a due date stops applying closes its miss with an event). A pending 延期申请 is
 * closed with the work (WITHDRAWN, with its history line and {@code ExtensionDecided}: {@link Extensions#closePending}).
 */
@ApplicationScoped
public class Withdrawal {

    /** The {@code how} of the recoveries a withdrawal announces. */
    public static final String WITHDRAWN = "WITHDRAWN";

    @Inject
    Changes changes;

    @Inject
    Extensions extensions;

    @Inject
    Recoveries recoveries;

    @Inject
    DeadlineCursor cursor;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public Assignment withdraw(UUID id, String reason) {
        Changes.Change c = changes.change(id);
        Assignment a = c.assignment();
        Changes.require(c, Assignment.Step.WITHDRAW); // open work, or returned work not yet reassigned
        if (a.replacedBy != null) {
            throw Problem.conflict("assignment " + id + " was already reassigned as " + a.replacedBy + "; withdraw that one")
                    .with("state", a.status.name()).with("version", c.version()).with("replacedBy", a.replacedBy);
        }
        // the sweep of the assignment's range ends before the withdrawal commits or starts after it, as for 退回: no
        // DeadlineMissed read from a snapshot of the open work lands after the withdrawal (issue 18)
        cursor.hold(a.id);
        // the announced, unmet misses, asked before the change (Recoveries); a RETURNED assignment's ended with its 退回
        List<Recoveries.Miss> misses = a.isOpen()
                ? recoveries.missed(a.watched(), Set.of(DueKind.FINAL, DueKind.MILESTONE, DueKind.REPORT), null)
                : List.of();
        Instant now = clock.instant();
        Assignment.Status from = a.status;
        String why = reason.strip();
        changes.move(a, Assignment.Step.WITHDRAW, "撤销交办: " + why, now);
        Task task = Task.findById(a.taskId);
        outbox.publish(new AssignmentWithdrawn(a.id, a.taskId, task == null ? null : task.title, a.unitId, a.role.name(),
                from.name(), why, changes.actor(), now), c.eventId("withdraw"));
        recoveries.recover(a.watched(), misses, WITHDRAWN, now);
        extensions.closePending(c, "撤销交办: " + why, now);
        return a;
    }
}
