package org.duban.supervision.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.task.AssignmentTransferred;
import org.duban.events.task.DeadlineMissed;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class StatusProjectionTest {

    private static final Instant DUE = Instant.parse("2021-12-31T15:59:59Z");

    private static List<String> statusesOf(UUID taskId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/status?taskId=" + taskId)
                .then().statusCode(200).extract().path("status");
    }

    @Test
    void theApiNeedsATokenAndARoleThatMaySeeStatus() {
        given().get("/api/status?taskId=" + UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(Tokens.integration()).get("/api/status?taskId=" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/status?unitId=" + UUID.randomUUID())
                .then().statusCode(403);
    }

    @Test
    void statusFollowsAssignedReportedAndMissedFromTheBroker() {
        UUID task = UUID.randomUUID();
        UUID reporting = UUID.randomUUID();
        UUID silent = UUID.randomUUID();
        UUID a1 = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        Instant t0 = Instant.parse("2021-07-23T02:00:00Z");
        TopicProbe.publish(new TaskAssigned(a1, task, "优化营商环境", reporting, "LEAD", DUE, t0), "task-service");
        TopicProbe.publish(new TaskAssigned(a2, task, "优化营商环境", silent, "CO_RESPONSIBLE", DUE, t0), "task-service");
        TopicProbe.publish(new ProgressReported(UUID.randomUUID(), a1, task, reporting, 40, "已完成40%", t0.plusSeconds(86400)),
                "task-service");
        TopicProbe.publish(new DeadlineMissed(a2, task, silent, DUE, DUE.plusSeconds(1)), "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> statusesOf(task).containsAll(List.of("REPORTED", "OVERDUE")));
        given().auth().oauth2(Tokens.officerOf(reporting)).get("/api/status?unitId=" + reporting)
                .then().statusCode(200).body("[0].percentComplete", equalTo(40)).body("[0].status", equalTo("REPORTED"));

        // 复核退回: the report no longer stands
        TopicProbe.publish(new ReportReviewed(UUID.randomUUID(), a1, task, reporting, false, "缺少佐证材料", "lead",
                t0.plusSeconds(2 * 86400)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> statusesOf(task).containsAll(List.of("ACCEPTED", "OVERDUE")));
    }

    @Test
    void theBoardNamesUnitsAsTheyAreNowAndFollowsAMerge() {
        UUID task = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        UUID survivor = UUID.randomUUID();
        UUID movedAssignment = UUID.randomUUID();
        Instant t0 = Instant.parse("2021-07-23T02:00:00Z");
        TopicProbe.publish(UnitSnapshots.active(merged, 1, "县经济局"), "unit-service");
        TopicProbe.publish(UnitSnapshots.active(survivor, 1, "县商务局"), "unit-service");
        TopicProbe.publish(new TaskAssigned(movedAssignment, task, "招商引资", merged, "LEAD", DUE, t0), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> unitNamesOf(task).equals(List.of("县经济局")));

        // rename (更名): the survivor's new name shows once its snapshot arrives
        TopicProbe.publish(UnitSnapshots.active(survivor, 2, "县商科工信局", "县商务局"), "unit-service");
        // merge (合并): unit-service marks the unit merged; task-service moves its open work to the survivor
        TopicProbe.publish(UnitSnapshots.merged(merged, 2, "县经济局", survivor), "unit-service");
        TopicProbe.publish(new AssignmentTransferred(movedAssignment, task, "招商引资", merged, survivor, movedAssignment,
                "LEAD", DUE, "县经济局并入县商科工信局", t0.plusSeconds(60)), "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> unitNamesOf(task).equals(List.of("县商科工信局")));
        given().auth().oauth2(Tokens.officerOf(survivor)).get("/api/status?unitId=" + survivor)
                .then().statusCode(200).body("[0].taskTitle", equalTo("招商引资")).body("[0].status", equalTo("OPEN"));
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> survivor.equals(UnitReplica.successorOf(merged))));
    }

    private static List<String> unitNamesOf(UUID taskId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/status?taskId=" + taskId)
                .then().statusCode(200).extract().path("unitName");
    }
}
