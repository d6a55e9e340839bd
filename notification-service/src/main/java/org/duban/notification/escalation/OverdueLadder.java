package org.duban.notification.escalation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.DueDateChanged;
import org.duban.events.task.DueKind;
import org.duban.events.task.Recovery;
import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.notice.AssignmentInfo;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.recipient.Audience;
import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.time.ChineseDates;

/**
 * The escalation ladder and 催办 for missed deadlines (notice type OVERDUE), on the injected Clock. Default
 * ({@code duban.notification.ladders.overdue}): day 0 the unit's duty contact; day 3 also its head; day 7 also the
 * supervising unit and the supervision office; then a reminder to all of them every N days while it stays open.
 * The ladder runs per missed due date ({@link OverdueItem}: assignment, due kind, due date), so a milestone missed in
 * September and the final deadline missed in December are chased side by side, each from its own day 0. Each step is a
 * notice with an id derived from (item, unit chased, start of the chase, day), so it is delivered once per recipient
 * and channel however often the job runs and on however many instances. A job that wakes up late (the clock moved
 * by a week) sends only the step reached, not every step it slept through. A DeadlineRecovered closes the item of
 * its own due date; completion, 退回 and withdrawal close them all; a transfer starts them again for the receiving
 * unit; a due date moved by task-service (DueDateChanged) re-keys the item to the new date when that is missed too, else
 * closes it without 逾期已解除. Closing cancels whatever of the item has not gone out yet.
 */
@ApplicationScoped
public class OverdueLadder {

    private static final Logger LOG = Logger.getLogger(OverdueLadder.class);
    private static final List<String> DEFAULT_STEPS = List.of("0:DUTY_CONTACT", "3:HEAD", "7:SUPERVISOR+OFFICE");
    private static final int DEFAULT_REPEAT = 3;

    /** The recoveries that meet the due date chased (task-service's Recoveries): the unit is told 逾期已解除. */
    static final Set<Recovery> MET = EnumSet.of(Recovery.REPORTED, Recovery.COMPLETED, Recovery.EXTENDED);
    public static final String COMPLETED = "COMPLETED";
    public static final String RETURNED = "RETURNED";
    public static final String WITHDRAWN = "WITHDRAWN";

    record Step(int day, Set<Audience> audience) {
    }

    @Inject
    NotificationConfig config;

    @Inject
    Notifier notifier;

    @Inject
    EntityManager em;

    @Inject
    SchemaMigration schema;

    @Inject
    Clock clock;

    /** The steps, each with its own audience plus every earlier step's (day 3 <em>also</em> the head). */
    List<Step> steps() {
        NotificationConfig.Ladder ladder = config.ladders().get(NoticeType.OVERDUE.name().toLowerCase());
        List<String> raw = ladder == null ? DEFAULT_STEPS : ladder.steps();
        List<Step> steps = new ArrayList<>();
        Set<Audience> sofar = EnumSet.noneOf(Audience.class);
        for (String s : raw) {
            String[] dayAndWho = s.strip().split(":", 2);
            for (String who : dayAndWho[1].split("\\+")) {
                sofar.add(Audience.valueOf(who.strip()));
            }
            steps.add(new Step(Integer.parseInt(dayAndWho[0].strip()), EnumSet.copyOf(sofar)));
        }
        steps.sort((a, b) -> Integer.compare(a.day(), b.day()));
        return steps;
    }

    int repeatEveryDays() {
        NotificationConfig.Ladder ladder = config.ladders().get(NoticeType.OVERDUE.name().toLowerCase());
        return Math.max(1, ladder == null ? DEFAULT_REPEAT : ladder.repeatEveryDays());
    }

    /**
     * DeadlineMissed: opens the item of that due date (assignment, due kind, due date) and sends its day-0 step. Nothing
     * when the item is already there (open, or closed: a due date is missed once and recovered once), or when the
     * assignment's ladder ended (returned, withdrawn, completed) before this miss arrived: a sweep that read an older
     * snapshot can announce a miss after the work left. In the consumer's transaction.
     */
    public void missed(DeadlineMissed missed) {
        String dueKind = missed.dueKind() == null ? DueKind.FINAL : missed.dueKind();
        String ended = ended(missed.assignmentId());
        if (ended != null) {
            LOG.infof("assignment %s: %s miss of %s ignored, its ladder ended (%s)", missed.assignmentId(), dueKind, missed.dueAt(), ended);
            return;
        }
        if (find(missed.assignmentId(), dueKind, missed.dueAt()) != null) {
            return;
        }
        OverdueItem item = new OverdueItem();
        item.id = itemId(missed.assignmentId(), dueKind, missed.dueAt());
        item.assignmentId = missed.assignmentId();
        item.dueKind = dueKind;
        item.dueAt = missed.dueAt();
        item.taskId = missed.taskId();
        item.unitId = missed.unitId();
        item.dueLabel = missed.dueLabel();
        item.missedAt = missed.detectedAt() != null ? missed.detectedAt() : clock.instant();
        item.notifiedDay = -1;
        item.persist();
        advance(item, clock.instant());
    }

    /**
     * DeadlineRecovered: closes the item of that due date only (the assignment's other misses stay chased) and cancels
     * its unsent reminders. Returns the unit to tell 逾期已解除, if any: the unit chased for that due date, when it was
     * met ({@link #MET}) and none of the assignment's due dates is chased any more. A completion closes every item
     * (TaskCompleted) in the same change as the recoveries it announces, in either order: an item closed by it counts
     * as chased until its COMPLETED recovery arrives.
     */
    public Optional<UUID> recovered(DeadlineRecovered recovered) {
        String dueKind = recovered.dueKind() == null ? DueKind.FINAL : recovered.dueKind();
        OverdueItem item = find(recovered.assignmentId(), dueKind, recovered.dueAt());
        if (item == null) {
            return Optional.empty(); // never chased (the miss did not reach the ladder, or its ladder had ended)
        }
        boolean chased;
        if (item.isOpen()) {
            close(item, recovered.how(), recovered.recoveredAt());
            chased = true;
        } else {
            chased = COMPLETED.equals(item.closedHow) && recovered.recovery() == Recovery.COMPLETED;
        }
        if (!chased || !MET.contains(recovered.recovery())) {
            return Optional.empty();
        }
        long stillChased = OverdueItem.count("assignmentId = ?1 and closedAt is null", recovered.assignmentId());
        return stillChased == 0 ? Optional.of(item.unitId) : Optional.empty();
    }

    /**
     * The ladder stops for good on every due date of the assignment: completed (办结销号), returned (退回) or withdrawn
     * (merged into the receiving unit's own assignment of the task). A later miss of it opens nothing.
     */
    public void end(UUID assignmentId, String how, Instant at) {
        em.createNativeQuery("insert into ladder_end (assignment_id, how, ended_at) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, assignmentId).setParameter(2, how).setParameter(3, at).executeUpdate();
        for (OverdueItem item : OverdueItem.<OverdueItem> list("assignmentId = ?1 and closedAt is null", assignmentId)) {
            close(item, how, at);
        }
    }

    /**
     * AssignmentTransferred: when the assignment itself moved (a merge: the merged unit's work follows the survivor),
     * each open item stops for the old unit — its unsent reminders cancelled — and starts again at day 0 for the
     * receiving unit, which has not been chased yet. When the receiving unit already held the task, the moved
     * assignment is withdrawn and its ladder ends; the receiving unit's own assignment has its own misses.
     */
    public void transferred(AssignmentTransferred transfer) {
        if (!transfer.assignmentId().equals(transfer.toAssignmentId())) {
            end(transfer.assignmentId(), WITHDRAWN, transfer.transferredAt());
            return;
        }
        Instant now = clock.instant();
        for (OverdueItem item : OverdueItem.<OverdueItem> list("assignmentId = ?1 and closedAt is null", transfer.assignmentId())) {
            if (item.unitId.equals(transfer.toUnitId())) {
                continue; // a redelivered transfer: already handed over
            }
            cancelUnsent(item, "TRANSFERRED");
            item.unitId = transfer.toUnitId();
            item.missedAt = transfer.transferredAt();
            item.notifiedDay = -1;
            advance(item, now);
        }
    }

    /**
     * UnitMerged (issue 18): the merged unit's open items follow the survivor at once, as a moved assignment's do —
     * each stops for the merged unit (its unsent reminders cancelled) and starts again at day 0 for the survivor —
     * without waiting for task-service's AssignmentTransferred, which may come later or, if task-service lost the
     * merge, never. A transfer arriving afterwards finds the item handed over already and changes nothing; a
     * withdrawal still ends the ladder. Returns how many items moved.
     */
    public int unitMerged(UUID merged, UUID survivor, Instant at) {
        Instant now = clock.instant();
        int moved = 0;
        for (OverdueItem item : OverdueItem.<OverdueItem> list("unitId = ?1 and closedAt is null", merged)) {
            cancelUnsent(item, "MERGED");
            item.unitId = survivor;
            item.missedAt = at;
            item.notifiedDay = -1;
            advance(item, now);
            moved++;
        }
        return moved;
    }

    /** What a moved due date did to the ladder of the old one. */
    public enum Moved {
        /** Nothing of the old date was chased (not missed, or already recovered). */
        NOT_CHASED,
        /** The old date's item now chases the new date, missed too: its chase goes on (no new day 0). */
        REKEYED,
        /** The new date is still ahead: the old date's chase ends (DUE_DATE_CHANGED), without 逾期已解除. */
        CLOSED,
        /** The assignment's ladder had ended (completed, returned, withdrawn): nothing to say. */
        ENDED
    }

    /** Closed how when the due date it chased moved to a later one not yet reached (task-service's DueDateChanged). */
    public static final String DUE_DATE_CHANGED = "DUE_DATE_CHANGED";

    /**
     * DueDateChanged (issue 18): the item keyed by the old due date no longer names a date in force. When the new date is
     * missed too (not after {@code changedAt}), the item is re-keyed to it: the chase goes on from where it was, and the
     * new date's DeadlineMissed, which follows, finds it and restarts nothing. When the new date lies ahead, the item
     * closes as {@link #DUE_DATE_CHANGED}: the DeadlineRecovered EXTENDED of the old date that follows finds it closed and
     * no 逾期已解除 is told (the unit is told that the deadline moved instead). Either way the unsent reminders, which
     * state the old date, are cancelled. In the consumer's transaction; a redelivery finds nothing under the old key.
     */
    public Moved dueDateChanged(DueDateChanged changed) {
        if (ended(changed.assignmentId()) != null) {
            return Moved.ENDED;
        }
        String dueKind = changed.dueKind() == null ? DueKind.FINAL : changed.dueKind();
        OverdueItem item = changed.oldDueAt() == null ? null : find(changed.assignmentId(), dueKind, changed.oldDueAt());
        if (item == null || !item.isOpen()) {
            return Moved.NOT_CHASED;
        }
        Instant at = changed.changedAt() != null ? changed.changedAt() : clock.instant();
        boolean newMissed = changed.newDueAt() != null && !changed.newDueAt().isAfter(at);
        if (newMissed && find(changed.assignmentId(), dueKind, changed.newDueAt()) == null) {
            cancelUnsent(item, "RE-DATED");
            item.dueAt = changed.newDueAt();
            return Moved.REKEYED;
        }
        close(item, DUE_DATE_CHANGED, at);
        return Moved.CLOSED;
    }

    /** Which assignment's ladder ended and how, or null. */
    private String ended(UUID assignmentId) {
        List<?> how = em.createNativeQuery("select how from ladder_end where assignment_id = ?1").setParameter(1, assignmentId)
                .getResultList();
        return how.isEmpty() ? null : (String) how.get(0);
    }

    private static OverdueItem find(UUID assignmentId, String dueKind, Instant dueAt) {
        return OverdueItem.<OverdueItem> find("assignmentId = ?1 and dueKind = ?2 and dueAt = ?3", assignmentId, dueKind, dueAt)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The item's id, derived from its due date: the same miss always names the same item. */
    static UUID itemId(UUID assignmentId, String dueKind, Instant dueAt) {
        return UUID.nameUUIDFromBytes(("overdue-item:" + assignmentId + ":" + dueKind + ":" + dueAt).getBytes(StandardCharsets.UTF_8));
    }

    private void close(OverdueItem item, String how, Instant at) {
        item.closedAt = at;
        item.closedHow = how;
        cancelUnsent(item, how);
    }

    /** Cancels the item's reminders not sent yet (urgent ones wait only for a dispatcher; digested ones for the digest). */
    private void cancelUnsent(OverdueItem item, String why) {
        int cancelled = em.createNativeQuery("""
                update delivery set status = 'CANCELLED', claimed_until = null
                where overdue_item_id = ?1 and status in ('PENDING', 'WAITING_DIGEST')""")
                .setParameter(1, item.id).executeUpdate();
        if (cancelled > 0) {
            LOG.infof("assignment %s, %s due %s %s: %d unsent reminders cancelled", item.assignmentId, item.dueKind, item.dueAt, why,
                    cancelled);
        }
    }

    @Scheduled(every = "${duban.notification.escalation-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!schema.isMigrated()) {
            return; // the database is not there yet: readiness says so, the jobs wait quietly
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("escalation sweep failed, next tick retries: %s", e.getMessage());
        }
    }

    /** Advances every open item to the step the clock has reached; returns how many got a new notice. */
    public int sweep() {
        Instant now = clock.instant();
        List<UUID> open = QuarkusTransaction.requiringNew().call(() -> OverdueItem.<OverdueItem> list("closedAt is null")
                .stream().map(i -> i.id).toList());
        int advanced = 0;
        for (UUID id : open) {
            if (QuarkusTransaction.requiringNew().call(() -> {
                OverdueItem item = OverdueItem.findById(id, LockModeType.PESSIMISTIC_WRITE);
                return item != null && item.closedAt == null && advance(item, now);
            })) {
                advanced++;
            }
        }
        return advanced;
    }

    private boolean advance(OverdueItem item, Instant now) {
        List<Step> steps = steps();
        long days = Math.max(0, Duration.between(item.missedAt, now).toDays());
        Step reached = null;
        for (Step s : steps) {
            if (s.day() <= days) {
                reached = s;
            }
        }
        if (reached == null) {
            return false;
        }
        Step last = steps.get(steps.size() - 1);
        int stageDay = reached.day();
        String stage = stageDay == 0 ? "逾期提醒" : "逾期第" + stageDay + "天催办";
        if (reached == last && days >= last.day() + repeatEveryDays()) {
            long k = (days - last.day()) / repeatEveryDays();
            stageDay = (int) (last.day() + k * repeatEveryDays());
            stage = "第" + (k + 1) + "次催办·逾期第" + stageDay + "天";
        }
        if (stageDay <= item.notifiedDay) {
            return false;
        }
        // one notice per (item, unit chased, start of the chase, step): a transfer starts a new chase for the new unit
        UUID noticeId = UUID.nameUUIDFromBytes(("overdue:" + item.id + ":" + item.unitId + ":" + item.missedAt + ":" + stageDay)
                .getBytes(StandardCharsets.UTF_8));
        String title = AssignmentInfo.titleOf(item.assignmentId);
        notifier.notify(new Notifier.Notice(noticeId, NoticeType.OVERDUE, item.unitId, reached.audience(),
                Map.of("taskTitle", title, "due", ChineseDates.day(item.dueAt) + (item.dueLabel == null ? "" : "（" + item.dueLabel + "）"),
                        // days late counted from the due date on Beijing's calendar, not from when the chase began: a
                        // 2021 deadline first chased today is more than 0 days late
                        "daysOverdue", Long.toString(Math.max(0, ChineseDates.daysOverdue(item.dueAt, now))), "stage", stage),
                true, item.assignmentId, item.id));
        item.notifiedDay = stageDay;
        return true;
    }
}
