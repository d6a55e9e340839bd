package org.duban.supervision.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.DeadlineRecovered;
import org.duban.events.task.TaskAssigned;
import org.duban.supervision.warning.Warnings;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Announced once" outlives the outbox row: platform purges published outbox rows after duban.retention.outbox, and a
 * read model rebuilt by replaying the task events after that must still not announce its cards again (V7
 * announced_event). Failed before V7: the replay wrote the card's WarningIssued and WarningLifted to the outbox again.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class AnnouncedOnceTest {

    private static final Instant T0 = Instant.parse("2021-07-23T02:00:00Z");
    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59.999Z");
    private static final String ISSUED = EventType.WARNING_ISSUED.type();
    private static final String LIFTED = EventType.WARNING_LIFTED.type();

    @Inject
    StatusProjection projection;

    @Test
    void aCardIsNotAnnouncedAgainByAReplayAfterItsOutboxRowsArePurged() throws Exception {
        UUID task = UUID.randomUUID();
        UUID unit = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(assignment, task, "推进政务服务一网通办", unit, "LEAD", DUE, T0), "task-service");
        TopicProbe.publish(new DeadlineMissed(assignment, task, unit, DUE, DUE.plusSeconds(30)), "task-service");
        TopicProbe.publish(new DeadlineRecovered(assignment, task, unit, DUE, "FINAL", "REPORTED", DUE.plus(Duration.ofDays(2))),
                "task-service");

        // the red card is issued and lifted, and both announcements have gone out (published)
        UUID card = Warnings.ruleCardId(Warnings.RULE_MISSED, assignment, DUE, "FINAL");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from outbox_event where type in ('" + ISSUED
                + "', '" + LIFTED + "') and payload like '%" + card + "%' and published_at is not null") == 2);

        // retention purges the published outbox rows (duban.retention.outbox, 7 days)
        exec("delete from outbox_event where published_at is not null and payload like '%" + card + "%'");

        // the read model is rebuilt: its tables emptied (README, "Rebuilding the read model"), the task's events read
        // again from the topic's start and applied in order
        exec("delete from warning where unit_id = '" + unit + "'");
        exec("delete from missed_due where assignment_id = '" + assignment + "'");
        exec("delete from assignment_status where task_id = '" + task + "'");
        List<ConsumerRecord<String, String>> records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(),
                Topics.TASK_EVENTS, r -> task.toString().equals(r.key()), Duration.ofSeconds(3), Duration.ofSeconds(20));
        assertEquals(3, records.size());
        List<Object> events = new ArrayList<>();
        for (var r : records) {
            EventType type = EventType.ofType(TopicProbe.header(r, "ce_type")).orElseThrow();
            events.add(EventJson.read(r.value(), type.payload()));
        }
        QuarkusTransaction.requiringNew().run(() -> events.forEach(projection::apply));

        // the card is back, lifted, under the same id; nothing about it went into the outbox again
        assertEquals(1, count("select count(*) from warning where warning_id = '" + card + "' and lifted_at is not null"));
        assertEquals(0, count("select count(*) from outbox_event where type = '" + ISSUED + "' and payload like '%" + card + "%'"),
                "WarningIssued announced a second time");
        assertEquals(0, count("select count(*) from outbox_event where type = '" + LIFTED + "' and payload like '%" + card + "%'"),
                "WarningLifted announced a second time");
        // what remembers them: one announced_event row each, under the ids V7's backfill derives in SQL
        assertEquals(2, count("select count(*) from announced_event where event_id in (name_uuid('warning|issued|" + card
                + "'), name_uuid('warning|lifted|" + card + "'))"));
    }

    @Test
    void theMigrationsNameUuidIsJavasNameUuidFromBytes() throws Exception {
        for (String name : List.of("warning|issued|" + UUID.randomUUID(), "warning|lifted|" + UUID.randomUUID(), "红黄牌|作废", "")) {
            assertEquals(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
                    query("select name_uuid('" + name + "')").strip(), name);
        }
    }

    private static long count(String sql) throws Exception {
        return Long.parseLong(query(sql).strip());
    }

    /** The first column of every row, one line each. */
    private static String query(String sql) throws Exception {
        StringBuilder s = new StringBuilder();
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                s.append(rs.getString(1)).append('\n');
            }
        }
        return s.toString();
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
