package org.duban.notification.escalation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.events.task.DeadlineMissed;
import org.duban.notification.config.NotificationConfig;
import org.duban.notification.delivery.Notifier;
import org.duban.notification.notice.AssignmentInfo;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.recipient.Audience;
import org.duban.platform.schema.SchemaMigration;
import org.duban.platform.time.ClockProducer;

/**
 * The escalation ladder and 催办 for missed deadlines (notice type OVERDUE), on the injected Clock. Default
 * ({@code duban.notification.ladders.overdue}): day 0 the unit's duty contact; day 3 also its head; day 7 also the
 * supervising unit and the supervision office; then a reminder to all of them every N days while it stays open.
 * Each step is a notice with an id derived from (assignment, due date, day), so it is delivered once per recipient
 * and channel however often the job runs and on however many instances. A job that wakes up late (the clock moved
 * by a week) sends only the step reached, not every step it slept through. DeadlineRecovered or TaskCompleted
 * close the item and cancel whatever of it has not gone out yet.
 */
@ApplicationScoped
public class OverdueLadder {

    private static final Logger LOG = Logger.getLogger(OverdueLadder.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日").withZone(ClockProducer.COUNTY_ZONE);
    private static final List<String> DEFAULT_STEPS = List.of("0:DUTY_CONTACT", "3:HEAD", "7:SUPERVISOR+OFFICE");
    private static final int DEFAULT_REPEAT = 3;

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

    /** DeadlineMissed: opens (or reopens, for a new due date) the item and sends its day-0 step. In the consumer's transaction. */
    public void missed(DeadlineMissed missed) {
        OverdueItem item = OverdueItem.findById(missed.assignmentId(), LockModeType.PESSIMISTIC_WRITE);
        if (item == null) {
            item = new OverdueItem();
            item.assignmentId = missed.assignmentId();
        } else if (item.closedAt == null && item.dueAt.equals(missed.dueAt())) {
            return; // already open for this due date
        }
        item.taskId = missed.taskId();
        item.unitId = missed.unitId();
        item.dueAt = missed.dueAt();
        item.dueLabel = missed.dueLabel();
        item.missedAt = missed.detectedAt() != null ? missed.detectedAt() : clock.instant();
        item.notifiedDay = -1;
        item.closedAt = null;
        item.closedHow = null;
        item.persist();
        advance(item, clock.instant());
    }

    /** DeadlineRecovered / TaskCompleted: the ladder stops; notices of it not yet sent are cancelled. */
    public void stop(UUID assignmentId, String how, Instant at) {
        OverdueItem item = OverdueItem.findById(assignmentId, LockModeType.PESSIMISTIC_WRITE);
        if (item != null && item.closedAt == null) {
            item.closedAt = at;
            item.closedHow = how;
        }
        int cancelled = em.createNativeQuery("""
                update delivery set status = 'CANCELLED', claimed_until = null
                where assignment_id = ?1 and notice_type = 'OVERDUE' and status in ('PENDING', 'WAITING_DIGEST')""")
                .setParameter(1, assignmentId).executeUpdate();
        if (cancelled > 0) {
            LOG.infof("assignment %s %s: %d unsent reminders cancelled", assignmentId, how, cancelled);
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
                .stream().map(i -> i.assignmentId).toList());
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
        UUID noticeId = UUID.nameUUIDFromBytes(("overdue:" + item.assignmentId + ":" + item.dueAt + ":" + stageDay)
                .getBytes(StandardCharsets.UTF_8));
        String title = AssignmentInfo.titleOf(item.assignmentId);
        notifier.notify(new Notifier.Notice(noticeId, NoticeType.OVERDUE, item.unitId, reached.audience(),
                Map.of("taskTitle", title, "due", DAY.format(item.dueAt) + (item.dueLabel == null ? "" : "（" + item.dueLabel + "）"),
                        "daysOverdue", Integer.toString(stageDay), "stage", stage),
                true, item.assignmentId));
        item.notifiedDay = stageDay;
        return true;
    }
}
