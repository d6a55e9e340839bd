package org.duban.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.task.AssignmentTransferred;
import org.duban.events.unit.UnitMerged;
import org.duban.platform.unit.UnitReplica;
import org.duban.task.assignment.Assignment;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** task-service follows unit-service only through Kafka: the snapshot topic for names, unit events for merges. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class UnitReplicaTest {

    private static String nameInReplica(UUID unitId) {
        return QuarkusTransaction.requiringNew().call(() -> UnitReplica.nameOf(unitId).orElse(null));
    }

    @Test
    void aRenameReachesTheReplicaAndAnOlderSnapshotArrivingLateDoesNotUndoIt() {
        UUID unitId = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unitId, 1, "县数据资源局"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "县数据资源局".equals(nameInReplica(unitId)));

        TopicProbe.publish(UnitSnapshots.active(unitId, 2, "县数据局", "县数据资源局"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> "县数据局".equals(nameInReplica(unitId)));

        TopicProbe.publish(UnitSnapshots.active(unitId, 1, "县数据资源局"), "unit-service");
        UUID marker = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(marker, 1, "标记单位"), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> nameInReplica(marker) != null);
        assertEquals("县数据局", nameInReplica(unitId));
    }

    @Test
    void aMergeMovesTheMergedUnitsOpenWorkToTheSurvivorAndAnnouncesEachMove() {
        UUID merged = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        // Task 1: only the merged unit leads; its assignment moves. Task 2: both lead; the merged unit's is withdrawn.
        String task1 = assign("""
                [{"unitId": "%s", "role": "LEAD"}]""".formatted(merged));
        String task2 = assign("""
                [{"unitId": "%s", "role": "LEAD"}, {"unitId": "%s", "role": "LEAD"}]""".formatted(merged, survivor));

        TopicProbe.publish(new UnitMerged(merged, "县经济局", survivor, "县商科工信局", Instant.parse("2026-11-01T00:00:00Z")),
                "unit-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> assignments(merged, Assignment.Status.ASSIGNED).isEmpty());
        List<Assignment> survivorsWork = assignments(survivor, Assignment.Status.ASSIGNED);
        assertEquals(2, survivorsWork.size(), "the survivor holds task 1 (moved) and task 2 (its own)");
        assertEquals(1, assignments(merged, Assignment.Status.WITHDRAWN).size(), "task 2: the merged unit's lead is withdrawn");

        var moved = EventJson.read(TopicProbe.await(Topics.TASK_EVENTS, r -> task1.equals(r.key())
                && "duban.task.assignment-transferred.v1".equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30))
                .value(), AssignmentTransferred.class);
        assertEquals(merged, moved.fromUnitId());
        assertEquals(survivor, moved.toUnitId());
        assertEquals(moved.assignmentId(), moved.toAssignmentId(), "moved, not withdrawn: the same assignment continues");
        assertEquals("县经济局并入县商科工信局", moved.reason());

        var withdrawn = EventJson.read(TopicProbe.await(Topics.TASK_EVENTS, r -> task2.equals(r.key())
                && "duban.task.assignment-transferred.v1".equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30))
                .value(), AssignmentTransferred.class);
        assertEquals(survivor, withdrawn.toUnitId());
        assertEquals(false, withdrawn.assignmentId().equals(withdrawn.toAssignmentId()),
                "withdrawn: the survivor's own assignment carries the work on");
    }

    private static String assign(String assignments) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "推进“互联网+政务服务”", "dueAt": "2030-12-31T15:59:59Z", "assignments": %s}"""
                        .formatted(assignments))
                .when().post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    private static List<Assignment> assignments(UUID unitId, Assignment.Status status) {
        return QuarkusTransaction.requiringNew().call(() -> Assignment.list("unitId = ?1 and status = ?2", unitId, status));
    }
}
