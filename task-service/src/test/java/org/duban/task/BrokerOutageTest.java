package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The outbox keeps every event while the broker is down and delivers each once it is back. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class BrokerOutageTest {

    private static final int ASSIGNMENTS = 1000;

    private static int unpublished(String taskId) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_task");
                var s = c.prepareStatement("select count(*) from outbox_event where aggregate_id = ? and published_at is null")) {
            s.setString(1, taskId);
            var rs = s.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void thousandAssignmentsMadeWhileKafkaIsDownAllArriveOnceItIsBack() throws Exception {
        String units = IntStream.range(0, ASSIGNMENTS)
                .mapToObj(i -> "{\"unitId\": \"" + UUID.randomUUID() + "\", \"role\": \"CO_RESPONSIBLE\"}")
                .collect(Collectors.joining(","));
        var kafka = RealInfrastructure.kafka();
        kafka.stop();
        String taskId;
        try {
            taskId = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                    .body("{\"title\": \"各乡镇人民政府按职责分工负责\", \"assignments\": [" + units + "]}")
                    .post("/api/tasks").then().statusCode(201).extract().path("id");
            assertEquals(ASSIGNMENTS, unpublished(taskId), "every event waits in the outbox while the broker is down");
        } finally {
            kafka.start();
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> unpublished(taskId) == 0);

        // read the whole topic as an outsider: each assignment announced exactly once
        var records = TopicProbe.collect(kafka.bootstrapServers(), Topics.TASK_EVENTS,
                r -> taskId.equals(r.key()) && "duban.task.assigned.v1".equals(TopicProbe.header(r, "ce_type")),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        Set<UUID> assignments = new HashSet<>();
        records.forEach(r -> assignments.add(EventJson.read(r.value(), TaskAssigned.class).assignmentId()));
        assertEquals(ASSIGNMENTS, assignments.size(), "every assignment announced");
        // the relay may resend a batch whose acknowledgement it never saw; consumers drop those by ce_id
        org.junit.jupiter.api.Assertions.assertTrue(records.size() >= ASSIGNMENTS, "records " + records.size());
    }
}
