package org.duban.task;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.duban.testing.RealInfrastructure;

/** What the tests read and seed straight in task-service's database (outbox rows, milestones). */
final class TaskDb {

    private TaskDb() {
    }

    /** Outbox rows of a type for a task, optionally only those whose payload field {@code field} is {@code value}. */
    static int outboxRows(String type, String taskId, String field, String value) throws Exception {
        return payloads(type, taskId, field, value).size();
    }

    static int outboxRows(String type, String taskId) throws Exception {
        return outboxRows(type, taskId, null, null);
    }

    /** The payload of the only outbox row of a type for a task (and a field value, when given). */
    static String onlyPayload(String type, String taskId, String field, String value) throws Exception {
        List<String> payloads = payloads(type, taskId, field, value);
        if (payloads.size() != 1) {
            throw new AssertionError((payloads.isEmpty() ? "no " : "more than one ") + type + " for task " + taskId);
        }
        return payloads.get(0);
    }

    /** The payloads of the outbox rows of a type for a task, optionally only those whose {@code field} is {@code value}. */
    private static List<String> payloads(String type, String taskId, String field, String value) throws Exception {
        String sql = "select payload from outbox_event where type = ? and aggregate_id = ?"
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
}
