package org.duban.task;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.duban.testing.RealInfrastructure;

/** What the tests read and seed straight in task-service's database (outbox events, milestones, the watcher's mark). */
final class TaskDb {

    private TaskDb() {
    }

    /**
     * Events of a type for a task in the outbox (batch rows counted event by event), optionally only those whose payload
     * field {@code field} is {@code value}.
     */
    static int outboxRows(String type, String taskId, String field, String value) throws Exception {
        return payloads(type, taskId, field, value).size();
    }

    static int outboxRows(String type, String taskId) throws Exception {
        return outboxRows(type, taskId, null, null);
    }

    /** The payload of the only outbox event of a type for a task (and a field value, when given). */
    static String onlyPayload(String type, String taskId, String field, String value) throws Exception {
        List<String> payloads = payloads(type, taskId, field, value);
        if (payloads.size() != 1) {
            throw new AssertionError((payloads.isEmpty() ? "no " : "more than one ") + type + " for task " + taskId);
        }
        return payloads.get(0);
    }

    /** The payloads of the outbox events of a type for a task, optionally only those whose {@code field} is {@code value}. */
    static List<String> payloads(String type, String taskId, String field, String value) throws Exception {
        String sql = "select payload from outbox_event_each where type = ? and aggregate_id = ?"
                + (field == null ? "" : " and cast(payload as jsonb) ->> ? = ?");
        try (var c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            s.setString(1, type);
            s.setString(2, taskId);
            if (field != null) {
                s.setString(3, field);
                s.setString(4, value);
            }
            var rs = s.executeQuery();
            List<String> payloads = new ArrayList<>();
            while (rs.next()) {
                payloads.add(rs.getString(1));
            }
            return payloads;
        }
    }

    /** A milestone of a task, as the importer would store it. */
    static UUID milestone(String taskId, int ordinal, String label, Instant dueAt, BigDecimal target, String status)
            throws Exception {
        UUID id = UUID.randomUUID();
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("""
                        insert into milestone (id, task_id, ordinal, label, due_at, target_quantity, target_unit, status, source)
                        values (?, ?, ?, ?, ?, ?, '项', ?, 'DEADLINE')""")) {
            s.setObject(1, id);
            s.setObject(2, UUID.fromString(taskId));
            s.setInt(3, ordinal);
            s.setString(4, label);
            s.setTimestamp(5, dueAt == null ? null : Timestamp.from(dueAt));
            s.setBigDecimal(6, target);
            s.setString(7, status);
            s.executeUpdate();
        }
        return id;
    }

    /**
     * Sets how far the deadline watcher has swept. Tests each start their clock in 2021 on one shared database, while
     * in service the mark only moves forward with time: a test that starts earlier than the last one puts it back.
     */
    static void sweptUntil(Instant mark) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("update deadline_watch set swept_until = ?")) {
            s.setTimestamp(1, Timestamp.from(mark));
            s.executeUpdate();
        }
    }

    /** The CloudEvents ids of the outbox events of a type for a task, in the order written. */
    static List<UUID> eventIds(String type, String taskId) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select id from outbox_event_each where type = ? and aggregate_id = ? order by seq, id")) {
            s.setString(1, type);
            s.setString(2, taskId);
            var rs = s.executeQuery();
            List<UUID> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        }
    }
}
