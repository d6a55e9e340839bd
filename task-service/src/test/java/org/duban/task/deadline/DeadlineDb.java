package org.duban.task.deadline;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.duban.testing.RealInfrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the deadline tests (and the assignment tests racing a sweep) read and seed straight in task-service's database. */
public final class DeadlineDb {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadlineDb() {
    }

    /** The payloads of a type's events for a task, in outbox order (batch rows read event by event). */
    public static List<JsonNode> payloads(String type, String taskId) throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select payload from outbox_event_each where type = ? and aggregate_id = ? order by seq")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            while (rs.next()) {
                payloads.add(JSON.readTree(rs.getString(1)));
            }
        }
        return payloads;
    }

    public static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }

    /** The outbox seq of the one event of a type for a task; 0 when there is none. */
    public static long seqOf(String type, String taskId) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select seq from outbox_event_each where type = ? and aggregate_id = ?")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            long seq = rs.next() ? rs.getLong(1) : 0;
            if (rs.next()) {
                throw new AssertionError("more than one " + type + " for task " + taskId);
            }
            return seq;
        }
    }

    /** A sweep's query of open work is running (seen from another connection). */
    public static boolean sweepReading(Connection c) throws Exception {
        try (var rs = c.createStatement().executeQuery("""
                select count(*) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()
                  and query like '%from assignment a%' and query like '%a.due_at > $1%'""")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /**
     * Open work for the sweep to read while a test's command goes in: 10 tasks titled {@code title1}…{@code title10},
     * each with {@code unitsPerTask} accepted assignments; {@link #withdrawBackground} takes it off the board afterwards.
     */
    public static void background(String title, Instant assigned, Instant due, int unitsPerTask) throws Exception {
        sql("""
                insert into task (id, title, due_at, created_at, deadline_kind)
                select gen_random_uuid(), '%1$s' || g, '%3$s', '%2$s', 'DATE' from generate_series(1, 10) g;
                insert into assignment (id, task_id, unit_id, role, status, due_at, assigned_at)
                select gen_random_uuid(), t.id, u.id, 'LEAD', 'ACCEPTED', t.due_at, '%2$s'
                from task t cross join (select gen_random_uuid() as id from generate_series(1, %4$d)) u
                where t.title like '%1$s%%';
                analyze assignment""".formatted(title, assigned, due, unitsPerTask));
    }

    /** The background work withdrawn, so later tests' sweeps do not read it. */
    public static void withdrawBackground(String title) throws Exception {
        sql("update assignment set status = 'WITHDRAWN' where task_id in (select id from task where title like '" + title + "%')");
    }
}
