package org.duban.task.deadline;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.duban.testing.RealInfrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the deadline tests read and seed straight in task-service's database. */
final class DeadlineDb {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadlineDb() {
    }

    /** The payloads of a type's events for a task, in outbox order (batch rows read event by event). */
    static List<JsonNode> payloads(String type, String taskId) throws Exception {
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

    static void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_task"); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}
