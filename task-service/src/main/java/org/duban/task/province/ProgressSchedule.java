package org.duban.task.province;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import org.duban.task.plan.Task;

/**
 * Progress feedback on the provincial cadence: every {@code duban.province.progress.check-interval}, on the injected
 * {@link Clock}, each provincial task in hand whose latest period's report day (the 25th of the period's last month,
 * Beijing time) has come gets that period's feedback compiled. The feedback's id derives from task and period, so a
 * second pass (or a second instance) announces nothing new; a pass after downtime still catches the latest period.
 * With {@code duban.province.auto-accept}, the pass also signs for issued tasks that a county task now implements.
 */
@ApplicationScoped
public class ProgressSchedule {

    private static final Logger LOG = Logger.getLogger(ProgressSchedule.class);
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @Inject
    Clock clock;

    @Inject
    ProvinceConfig config;

    @Inject
    ProvincialLinks links;

    @Inject
    ProgressRollup rollup;

    @Inject
    ProvincialTasks tasks;

    @Scheduled(every = "${duban.province.progress.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        run();
    }

    /** One pass; returns how many feedbacks it compiled. Each task in its own transaction, so one failure stops no other. */
    public int run() {
        Instant now = clock.instant();
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> ProvincialTask.<ProvincialTask> list("state in ?1",
                List.of(ProvincialTask.State.ISSUED, ProvincialTask.State.ACCEPTED, ProvincialTask.State.REOPENED))
                .stream().map(pt -> pt.taskId).toList());
        int compiled = 0;
        for (UUID id : ids) {
            try {
                compiled += QuarkusTransaction.requiringNew().call(() -> pass(id, now));
            } catch (RuntimeException e) {
                LOG.warnf(e, "provincial task %s: progress not compiled this pass", id);
            }
        }
        return compiled;
    }

    private int pass(UUID id, Instant now) {
        ProvincialTask pt = ProvincialTask.findById(id);
        if (pt.state == ProvincialTask.State.ISSUED && config.autoAccept() && !links.countyTasks(id).isEmpty()) {
            tasks.accept(pt, ProvincialTasks.AUTO, now);
        }
        if (!ProvincialTask.State.IN_HAND.contains(pt.state)) {
            return 0;
        }
        Due due = latestDue(pt.reportCadence == null ? config.progress().defaultCadence() : pt.reportCadence,
                config.progress().reportDay(), now);
        if (due == null || due.at().isBefore(pt.issuedAt) || ProvincialProgress.findById(ProgressRollup.progressId(id, due.period())) != null) {
            return 0; // no cadence, a period that ended before the task was issued, or already compiled
        }
        if (!links.hasCountyWork(Task.findById(id))) {
            return 0; // nobody works on it yet: no feedback of 0 %; the period is compiled once work is linked or assigned
        }
        rollup.compile(pt, due.period(), "schedule", now);
        return 1;
    }

    /** A reporting period and the moment its feedback is due. */
    record Due(String period, Instant at) {
    }

    /**
     * The latest period whose report day has come at {@code now}: MONTHLY 2021-09 (due 2021-09-25), QUARTERLY 2021-Q3
     * (due 2021-09-25), HALF_YEARLY 2021-H2 (due 2021-12-25), YEARLY 2021 (due 2021-12-25); null for NONE or unknown.
     */
    static Due latestDue(String cadence, int reportDay, Instant now) {
        int months;
        switch (cadence) {
            case "MONTHLY" -> months = 1;
            case "QUARTERLY" -> months = 3;
            case "HALF_YEARLY" -> months = 6;
            case "YEARLY" -> months = 12;
            default -> {
                return null;
            }
        }
        LocalDate today = now.atZone(BEIJING).toLocalDate();
        YearMonth first = YearMonth.of(today.getYear(), (today.getMonthValue() - 1) / months * months + 1);
        for (int back = 0; back < 2; back++) {
            YearMonth start = first.minusMonths((long) back * months);
            YearMonth last = start.plusMonths(months - 1);
            Instant at = last.atDay(Math.min(reportDay, last.lengthOfMonth())).atStartOfDay(BEIJING).toInstant();
            if (!at.isAfter(now)) {
                return new Due(label(start, months), at);
            }
        }
        return null;
    }

    private static String label(YearMonth start, int months) {
        int index = (start.getMonthValue() - 1) / months + 1;
        return switch (months) {
            case 1 -> start.toString();
            case 3 -> start.getYear() + "-Q" + index;
            case 6 -> start.getYear() + "-H" + index;
            default -> String.valueOf(start.getYear());
        };
    }
}
