package org.duban.task.deadline;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;

import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assignment;

/**
 * Finds open assignments whose deadline is near or past and announces each once per (assignment, due date,
 * kind). The claim is an {@code insert … on conflict do nothing returning}: of two instances sweeping at
 * once, each row is claimed by exactly one, and its event goes into the outbox in the same transaction.
 * Time comes from the injected {@link Clock}; tests move it instead of sleeping.
 */
@ApplicationScoped
public class DeadlineWatcher {

    static final String MISSED = "MISSED";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @ConfigProperty(name = "duban.deadline.approaching-lead-times")
    List<Duration> leadTimes;

    @Scheduled(every = "${duban.deadline.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledSweep() {
        sweep();
    }

    /** One pass; returns how many notices it emitted. */
    @Transactional
    public int sweep() {
        Instant now = clock.instant();
        int emitted = 0;
        for (Object[] row : claim(MISSED, "a.due_at <= ?2", now, null)) {
            outbox.publish(new DeadlineMissed(uuid(row[0]), uuid(row[1]), uuid(row[2]), instant(row[3]), now));
            emitted++;
        }
        // Shortest lead time first: an assignment already inside a shorter lead time (say 3 days) gets only
        // that reminder, not the longer ones it has skipped past (7 days) in the same breath.
        List<Duration> shortestFirst = leadTimes.stream().sorted().toList();
        for (int i = 0; i < shortestFirst.size(); i++) {
            Duration lead = shortestFirst.get(i);
            String noShorterNotice = shortestFirst.subList(0, i).stream()
                    .map(shorter -> "'" + approachingKind(shorter) + "'")
                    .reduce((a, b) -> a + ", " + b)
                    .map(kinds -> " and not exists (select 1 from deadline_notice n where n.assignment_id = a.id"
                            + " and n.due_at = a.due_at and n.kind in (" + kinds + "))")
                    .orElse("");
            for (Object[] row : claim(approachingKind(lead), "a.due_at > ?2 and a.due_at <= ?3" + noShorterNotice,
                    now, now.plus(lead))) {
                outbox.publish(new DeadlineApproaching(uuid(row[0]), uuid(row[1]), uuid(row[2]), instant(row[3]), now));
                emitted++;
            }
        }
        return emitted;
    }

    /** Assignment.Status.OPEN as an SQL list; matches the partial index of V3__open_assignment_statuses. */
    private static final String OPEN_STATUSES = Assignment.Status.OPEN.stream().map(s -> "'" + s + "'")
            .collect(Collectors.joining(", "));

    /** e.g. {@code APPROACHING_PT72H}; built from configured Durations only, so safe to inline in SQL. */
    private static String approachingKind(Duration lead) {
        return "APPROACHING_" + lead;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> claim(String kind, String dueCondition, Instant now, Instant horizon) {
        var query = em.createNativeQuery("""
                with claimed as (
                    insert into deadline_notice (assignment_id, due_at, kind, noticed_at)
                    select a.id, a.due_at, ?1, ?2 from assignment a
                    where a.status in (%s) and a.due_at is not null and %s
                    on conflict do nothing
                    returning assignment_id, due_at)
                select a.id, a.task_id, a.unit_id, c.due_at from claimed c join assignment a on a.id = c.assignment_id
                order by a.task_id, a.id""".formatted(OPEN_STATUSES, dueCondition))
                .setParameter(1, kind)
                .setParameter(2, Timestamp.from(now));
        if (horizon != null) {
            query.setParameter(3, Timestamp.from(horizon));
        }
        return query.getResultList();
    }

    private static UUID uuid(Object value) {
        return (UUID) value;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
    }
}
