package org.duban.task.deadline;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.postgresql.PGStatement;

import org.duban.events.task.DueKind;

/**
 * The SQL that finds due and approaching work: the due dates of one kind (FINAL, MILESTONE, REPORT), not yet met, of the
 * open assignments in a scope, in a window (after, upTo]. Every value is bound, never written into the SQL (issue 23):
 * a scope (an assignment, a task's assignments, a range of ids) and a cadence are {@link Sql} pieces whose {@code ?}
 * are bound in the order they appear ({@link #statement}).
 */
@ApplicationScoped
public class DueQuery {

    /** The lower bound of "every due date so far": before any due date Duban holds. */
    static final Instant BEGINNING = Instant.EPOCH;

    /**
     * Assignment.Status.OPEN as an SQL list; matches the partial index of V6__assignment_lifecycle. Written out rather
     * than read from the enum, so that this package does not depend on the assignment package (issue 23);
     * {@code OpenStatusesTest} keeps the two equal.
     */
    static final String OPEN_STATUSES = "'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REPORTED'";

    /**
     * Due dates per kind as (assignment_id, task_id, unit_id, due_at, label), not yet met, of open assignments in
     * {@code {SCOPE}} (a condition on {@code a}, for milestones also on {@code m}) with the due date in
     * ({@code ?1}, {@code ?2}], never one before the assignment's {@code counts_from} (a plan adopted under way, V42).
     */
    private static final String FINAL_DUES = """
            select a.id, a.task_id, a.unit_id, a.due_at, cast(null as text)
            from assignment a
            where a.status in (%s) and a.due_at is not null and {SCOPE} and a.due_at > ?1 and a.due_at <= ?2
              and (a.counts_from is null or a.due_at >= a.counts_from)"""
            .formatted(OPEN_STATUSES);

    private static final String MILESTONE_DUES = """
            select a.id, a.task_id, a.unit_id, m.due_at, m.label
            from assignment a join milestone m on m.task_id = a.task_id
            where a.status in (%s) and {SCOPE} and a.role = 'LEAD' and m.status = 'CONFIRMED'
              and m.due_at > ?1 and m.due_at <= ?2 and (a.counts_from is null or m.due_at >= a.counts_from)
              and not exists (select 1 from progress_report r join milestone_actual ma on ma.report_id = r.id
                              where r.assignment_id = a.id and ma.milestone_id = m.id
                                and (m.target_quantity is null or ma.actual_quantity >= m.target_quantity))"""
            .formatted(OPEN_STATUSES);

    /**
     * Periods k = 1, 2, … of ongoing work run from assigned_at + (k-1)·cadence to assigned_at + k·cadence, added on
     * Beijing's calendar whatever the session's time zone (a month after 2021-01-31 01:00 is 2021-02-28 01:00 in
     * Asia/Shanghai; added in UTC, where it is still 01-30, it would be 03-01); a period is met by any report filed after
     * it began (a report after its end still catches it up before it is announced).
     * Only the periods ending inside the window are generated: k is estimated from the window's ends and the epoch
     * length of the cadence (a month counts 30 days there, so the estimate drifts by about one period in ten years of
     * monthly reports; two periods of margin each side), then filtered exactly.
     */
    private static final String REPORT_DUES = """
            select a.id, a.task_id, a.unit_id, p.due_at,
                   '第' || p.k || '期 ' || to_char(p.starts_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') || '至'
                        || to_char(p.due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
            from assignment a
            join task t on t.id = a.task_id
            left join plan pl on pl.id = t.plan_id
            cross join lateral (select cast({CADENCE} as interval) as cadence) c
            cross join lateral (select nullif(extract(epoch from c.cadence), 0) as seconds) cs
            cross join lateral (
                select k, (a.assigned_at at time zone 'Asia/Shanghai' + (k - 1) * c.cadence) at time zone 'Asia/Shanghai' as starts_at,
                       (a.assigned_at at time zone 'Asia/Shanghai' + k * c.cadence) at time zone 'Asia/Shanghai' as due_at
                from generate_series(
                        greatest(1, floor(extract(epoch from (cast(?1 as timestamptz) - a.assigned_at)) / cs.seconds)::int - 2),
                        floor(extract(epoch from (cast(?2 as timestamptz) - a.assigned_at)) / cs.seconds)::int + 2) k) p
            where t.deadline_kind = 'ONGOING' and a.status in (%s) and {SCOPE} and p.due_at > ?1 and p.due_at <= ?2
              and (a.counts_from is null or p.due_at >= a.counts_from)
              and not exists (select 1 from progress_report r where r.assignment_id = a.id and r.reported_at > p.starts_at)"""
            .formatted(OPEN_STATUSES);

    /** A bound ({@code ?1} or {@code ?2}) or a fragment ({@code {SCOPE}}, {@code {CADENCE}}) in the templates above. */
    private static final Pattern BOUND = Pattern.compile("\\?([12])|\\{(SCOPE|CADENCE)\\}");

    /** The reporting cadence of a task in force: its own, else its plan's, else quarterly. */
    static final Sql CADENCE_IN_FORCE = new Sql("coalesce(t.reporting_cadence, pl.reporting_cadence, 'P3M')");

    /**
     * A piece of SQL with its values bound, never inlined: {@code text} has a {@code ?} per value, in order. The scope
     * of a query (an assignment, a task's assignments, a range of ids), a cadence and a whole statement are such pieces.
     */
    record Sql(String text, List<Object> values) {

        Sql(String text, Object... values) {
            this(text, List.of(values));
        }
    }

    /** A due date not yet met. */
    record Due(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, String label) {
    }

    @Inject
    EntityManager em;

    /** The condition "assignment {@code id}". */
    static Sql assignment(UUID id) {
        return new Sql("a.id = ?", id);
    }

    /** The condition "the assignments of task {@code taskId}". */
    static Sql task(UUID taskId) {
        return new Sql("a.task_id = ?", taskId);
    }

    /** The condition "the assignments of task {@code taskId}, milestone {@code milestoneId}" (MILESTONE only). */
    static Sql milestone(UUID taskId, UUID milestoneId) {
        return new Sql("a.task_id = ? and m.id = ?", taskId, milestoneId);
    }

    /**
     * The due dates of {@code dueKind} in (after, upTo] of the open assignments in {@code scope}. Read with plain JDBC:
     * a sweep reads a million rows, and Hibernate's native-query rows cost a third more.
     */
    List<Due> dues(String dueKind, Sql scope, Instant after, Instant upTo) {
        return dues(dueKind, scope, after, upTo, CADENCE_IN_FORCE);
    }

    /** As {@link #dues(String, Sql, Instant, Instant)}, REPORT periods by {@code cadence} (SQL over t and pl). */
    List<Due> dues(String dueKind, Sql scope, Instant after, Instant upTo, Sql cadence) {
        Sql statement = statement(dueKind, scope, cadence, after, upTo);
        // JDBC work does not flush the session as a Hibernate query would: the caller's unsaved changes (a new
        // assignment, a confirmed milestone) must be in the rows this reads
        em.flush();
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement(statement.text())) {
                // planned with its values every time (an unnamed statement, never a server-side prepared one): a generic
                // plan, which PostgreSQL picks for a prepared statement after five runs, knows neither the id range nor
                // the window and swept a million assignments in 12.2 s instead of 8.8 s (DeadlineSweepBench)
                query.unwrap(PGStatement.class).setPrepareThreshold(0);
                List<Object> values = statement.values();
                for (int i = 0; i < values.size(); i++) {
                    query.setObject(i + 1, values.get(i));
                }
                List<Due> dues = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        dues.add(new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                                rs.getTimestamp(4).toInstant(), rs.getString(5)));
                    }
                }
                return dues;
            }
        });
    }

    /**
     * The statement of {@code dueKind}'s template with its pieces in place: one {@code ?} per value, the values in the
     * order their {@code ?} appear. The templates name their two bounds ?1 and ?2, some more than once, and their
     * fragments {SCOPE} and {CADENCE}; JDBC wants one ? per use.
     */
    static Sql statement(String dueKind, Sql scope, Sql cadence, Instant after, Instant upTo) {
        String template = switch (dueKind) {
            case DueKind.FINAL -> FINAL_DUES;
            case DueKind.MILESTONE -> MILESTONE_DUES;
            case DueKind.REPORT -> REPORT_DUES;
            default -> throw new IllegalArgumentException(dueKind);
        };
        List<Object> values = new ArrayList<>();
        String text = BOUND.matcher(template).replaceAll(match -> {
            if (match.group(1) != null) {
                values.add(Timestamp.from(match.group(1).equals("1") ? after : upTo));
                return "?";
            }
            Sql fragment = match.group(2).equals("SCOPE") ? scope : cadence;
            values.addAll(fragment.values());
            return Matcher.quoteReplacement(fragment.text());
        });
        return new Sql(text, values);
    }
}
