package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The read model and the rule cards are a function of the events: replayed from the topic's start, the same rows come back. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class ReplayTest {

    private static final Instant T0 = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59.999Z");

    @Inject
    StatusProjection projection;

    @Test
    void replayingTheTopicFromTheStartRebuildsTheSameRowsAndCards() throws Exception {
        UUID task = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        UUID done = UUID.randomUUID();
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(a1, task, "规范政务服务事项", late, "LEAD", DUE, T0), "task-service");
        TopicProbe.publish(new TaskAssigned(a2, task, "规范政务服务事项", done, "CO_RESPONSIBLE", DUE, T0), "task-service");
        TopicProbe.publish(new DeadlineApproaching(a1, task, late, DUE, DUE.minus(Duration.ofDays(3))), "task-service");
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), a2, task, done, 100, "已完成", DUE.minus(Duration.ofDays(2))), "task-service");
        TopicProbe.publish(new TaskCompleted(a2, task, done, DUE, true, false, DUE.minus(Duration.ofDays(1))), "task-service");
        TopicProbe.publish(new DeadlineMissed(a1, task, late, DUE, DUE.plusSeconds(30)), "task-service");
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), a1, task, late, 60, "补报", DUE.plus(Duration.ofDays(2))), "task-service");
        TopicProbe.publish(new DeadlineRecovered(a1, task, late, DUE, "FINAL", "REPORTED", DUE.plus(Duration.ofDays(2))), "task-service");

        // a1 is REPORTED again only after the last event (the recovery); a2 is COMPLETED by then
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshot(task).contains("status=REPORTED")
                && snapshot(task).contains("status=COMPLETED"));
        String live = snapshot(task);
        String announced = announcements(late, done);

        // the read model of this task is lost; the topic is read again from the start and applied in order
        exec("delete from warning where unit_id in ('" + late + "', '" + done + "')");
        exec("delete from assignment_status where task_id = '" + task + "'");
        List<ConsumerRecord<String, String>> records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(),
                Topics.TASK_EVENTS, r -> task.toString().equals(r.key()), Duration.ofSeconds(3), Duration.ofSeconds(20));
        assertEquals(8, records.size());
        List<Object> events = new ArrayList<>();
        for (var r : records) {
            EventType type = EventType.ofType(TopicProbe.header(r, "ce_type")).orElseThrow();
            events.add(EventJson.read(r.value(), type.payload()));
        }
        QuarkusTransaction.requiringNew().run(() -> events.forEach(projection::apply));

        assertEquals(live, snapshot(task));
        assertEquals(2, countLines(live, "card "), "a yellow and a red card");
        assertEquals(announced, announcements(late, done), "the rebuilt cards are not announced a second time");
        assertTrue(announced.contains("warning-issued"), announced);
    }

    /** The warning events in supervision's outbox about the two units: type and CloudEvents id, in a fixed order. */
    private static String announcements(UUID... units) throws Exception {
        StringBuilder s = new StringBuilder();
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement()) {
            for (UUID unit : units) {
                try (ResultSet rs = st.executeQuery("select type, id from outbox_event where type like 'duban.supervision.warning-%'"
                        + " and payload like '%" + unit + "%' order by type, id")) {
                    append(s, "event ", rs);
                }
            }
        }
        return s.toString();
    }

    private static int countLines(String text, String prefix) {
        return (int) text.lines().filter(l -> l.startsWith(prefix)).count();
    }

    /** Every column of the task's status rows and of its units' cards, in a fixed order. */
    private static String snapshot(UUID task) throws Exception {
        StringBuilder s = new StringBuilder();
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select * from assignment_status where task_id = '" + task + "' order by assignment_id")) {
                append(s, "row ", rs);
            }
            try (ResultSet rs = st.executeQuery("select * from warning where task_id = '" + task + "' order by warning_id")) {
                append(s, "card ", rs);
            }
        }
        return s.toString();
    }

    private static void append(StringBuilder s, String prefix, ResultSet rs) throws Exception {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            s.append(prefix);
            for (int i = 1; i <= columns; i++) {
                s.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
            }
            s.append('\n');
        }
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
