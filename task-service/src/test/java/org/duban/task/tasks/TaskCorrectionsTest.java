package org.duban.task.tasks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;
import org.duban.task.importer.ResolveFixtureServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What the import leaves for people to settle, on the county notice itself: 各乡镇人民政府 has no members yet, so its
 * share of each task waits "to be designated"; dated phrases in task texts wait as proposed milestones.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_corrections"))
@WithTestResource(ResolveFixtureServer.class)
class TaskCorrectionsTest {

    static String planId;

    /** Once per class, from the first test (RestAssured knows the test port only once the application runs). */
    @BeforeEach
    synchronized void importTheCountyNotice() {
        if (planId != null) {
            return;
        }
        byte[] notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).getBytes(StandardCharsets.UTF_8);
        planId = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8").body(notice)
                .post("/api/plans/import").then().statusCode(201).extract().path("plans[0].id");
    }

    /** A unit as the replica holds it once unit-service announced it (written directly: the replica's own table). */
    static UUID registered(String name, String kind, String level, UUID parentId, String status) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            UnitReplica u = new UnitReplica();
            u.id = id;
            u.version = 1;
            u.name = name;
            u.kind = kind;
            u.level = level;
            u.parentId = parentId;
            u.status = status;
            u.updatedAt = java.time.Instant.now();
            u.persist();
        });
        return id;
    }

    static UUID township(String name) {
        return registered(name, "TOWNSHIP_GOVERNMENT", "TOWNSHIP", ResolveFixtureServer.idOf("中方县人民政府"), "ACTIVE");
    }

    static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theLeadUnitOrTheOfficeNamesTheUnitsOfAGroupWithoutMembersAndEachGetsItsAssignment() {
        List<Map<String, Object>> pending = get(Tokens.leader(), "/api/designations?planId=" + planId).getList("$");
        assertFalse(pending.isEmpty(), "各乡镇人民政府 has no members: its share waits to be designated");
        assertTrue(pending.stream().allMatch(d -> "PENDING".equals(d.get("status"))), pending.toString());
        List<Map<String, Object>> townships = pending.stream().filter(d -> "各乡镇人民政府".equals(d.get("group"))).toList();
        assertTrue(townships.size() >= 2, "every task naming 各乡镇人民政府 waits for its townships: " + pending);

        Map<String, Object> first = townships.get(0);
        String taskId = (String) first.get("taskId");
        UUID lead = UUID.fromString(get(Tokens.supervisor(), "/api/tasks/" + taskId).getString("leadUnits[0].id"));
        UUID township1 = township("铜湾镇人民政府");
        UUID township2 = township("桐木镇人民政府");
        String body = "{\"unitIds\":[\"" + township1 + "\",\"" + township2 + "\",\"" + township1 + "\"]}";

        // a unit that does not lead the task may not designate; the lead unit may
        given().auth().oauth2(Tokens.officerOf(township1)).contentType(ContentType.JSON).body(body)
                .post("/api/designations/" + first.get("id")).then().statusCode(403);
        JsonPath done = given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON).body(body)
                .post("/api/designations/" + first.get("id")).then().statusCode(200)
                .body("status", equalTo("DESIGNATED")).extract().jsonPath();
        assertEquals(2, done.getList("assignmentIds").size(), "one assignment per named unit, the repeated one once");

        for (UUID township : List.of(township1, township2)) {
            List<Map<String, Object>> work = get(Tokens.officerOf(township), "/api/assignments?unitId=" + township).getList("$");
            assertEquals(1, work.size());
            assertEquals(taskId, work.get(0).get("taskId"));
            assertEquals(first.get("role"), work.get(0).get("role"));
            assertEquals("ASSIGNED", work.get(0).get("status"));
        }
        // settled once: a second designation is refused, and the entry leaves the pending list
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(body)
                .post("/api/designations/" + first.get("id")).then().statusCode(409)
                .contentType("application/problem+json").body("state", equalTo("DESIGNATED"));
        assertFalse(get(Tokens.supervisor(), "/api/designations?planId=" + planId).getList("id").contains(first.get("id")));
        assertTrue(get(Tokens.supervisor(), "/api/designations?status=DESIGNATED").getList("id").contains(first.get("id")));
        // an empty list names the field
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"unitIds\":[]}")
                .post("/api/designations/" + townships.get(1).get("id")).then().statusCode(400)
                .body(containsString("unitIds"));
    }

    /** Issue 20: a lead unit's officer names only registered, active units the group's rule admits. */
    @Test
    void aDesignationNamesOnlyActiveRegisteredUnitsOfTheGroup() {
        List<Map<String, Object>> townships = get(Tokens.supervisor(), "/api/designations?planId=" + planId).getList("$");
        Map<String, Object> pending = townships.stream().filter(d -> "各乡镇人民政府".equals(d.get("group"))).reduce((a, b) -> b)
                .orElseThrow();
        String taskId = (String) pending.get("taskId");
        UUID lead = UUID.fromString(get(Tokens.supervisor(), "/api/tasks/" + taskId).getString("leadUnits[0].id"));
        String path = "/api/designations/" + pending.get("id");
        UUID good = township("新建镇人民政府");
        UUID unknown = UUID.randomUUID();
        UUID merged = registered("花桥镇人民政府", "TOWNSHIP_GOVERNMENT", "TOWNSHIP", ResolveFixtureServer.idOf("中方县人民政府"),
                "MERGED");
        UUID department = registered("县某局", "GOVERNMENT_DEPARTMENT", "COUNTY", ResolveFixtureServer.idOf("中方县人民政府"),
                "ACTIVE");
        UUID elsewhere = registered("外县某镇人民政府", "TOWNSHIP_GOVERNMENT", "TOWNSHIP", UUID.randomUUID(), "ACTIVE");

        for (UUID wrong : List.of(unknown, merged, department, elsewhere)) {
            given().auth().oauth2(Tokens.officerOf(lead)).contentType(ContentType.JSON)
                    .body("{\"unitIds\":[\"" + good + "\",\"" + wrong + "\"]}").post(path).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("unitIds[1]"))
                    .body("errors.size()", equalTo(1));
        }
        assertEquals("PENDING", get(Tokens.supervisor(), "/api/designations?planId=" + planId).getString(
                "find { it.id == '" + pending.get("id") + "' }.status"), "nothing designated on a refusal");
        // (a good designation alone succeeds: theLeadUnitOrTheOfficeNamesTheUnits…; this one stays pending for it)
    }

    @Test
    @SuppressWarnings("unchecked")
    void aProposedMilestoneIsConfirmedOrDismissedByTheOfficeOnly() {
        List<Map<String, Object>> tasks = get(Tokens.supervisor(), "/api/tasks?limit=1000&planId=" + planId).getList("$");
        Map<String, Object> task = tasks.stream()
                .filter(t -> ((List<Map<String, Object>>) ((Map<String, Object>) t.get("deadline")).get("milestones")).stream()
                        .filter(m -> "PROPOSED".equals(m.get("status"))).count() >= 2)
                .findFirst().orElseThrow(() -> new AssertionError("a task with two proposed milestones"));
        String taskId = (String) task.get("id");
        List<Map<String, Object>> proposed = (List<Map<String, Object>>) ((Map<String, Object>) task.get("deadline")).get("milestones");
        String confirm = (String) proposed.get(0).get("id");
        String dismiss = (String) proposed.get(1).get("id");

        given().auth().oauth2(Tokens.leader()).contentType(ContentType.JSON).body("{}")
                .put("/api/tasks/" + taskId + "/milestones/" + confirm).then().statusCode(403);
        JsonPath confirmed = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"dueAt\":\"2021-11-30T15:59:59Z\"}").put("/api/tasks/" + taskId + "/milestones/" + confirm)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("CONFIRMED", confirmed.getString("deadline.milestones.find { it.id == '" + confirm + "' }.status"));
        assertEquals("2021-11-30T15:59:59Z", confirmed.getString("deadline.milestones.find { it.id == '" + confirm + "' }.dueAt"));

        given().auth().oauth2(Tokens.supervisor()).delete("/api/tasks/" + taskId + "/milestones/" + confirm).then()
                .statusCode(409).body("state", equalTo("CONFIRMED"));
        JsonPath after = given().auth().oauth2(Tokens.supervisor()).delete("/api/tasks/" + taskId + "/milestones/" + dismiss)
                .then().statusCode(200).extract().jsonPath();
        assertFalse(after.getList("deadline.milestones.id").contains(dismiss));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{}")
                .put("/api/tasks/" + taskId + "/milestones/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aTaskCanBeReportedOnAtItsOwnCadence() {
        List<Map<String, Object>> tasks = get(Tokens.supervisor(), "/api/tasks?limit=1000&planId=" + planId).getList("$");
        @SuppressWarnings("unchecked")
        String ongoing = (String) tasks.stream().filter(t -> "ONGOING".equals(((Map<String, Object>) t.get("deadline")).get("kind")))
                .findFirst().orElseThrow().get("id");
        assertEquals("P3M", get(Tokens.supervisor(), "/api/tasks/" + ongoing).getString("deadline.reportingCadence"),
                "the plan's quarterly default");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\":\"P1M\"}")
                .put("/api/tasks/" + ongoing + "/cadence").then().statusCode(200).body("deadline.reportingCadence", equalTo("P1M"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\":\"每月\"}")
                .put("/api/tasks/" + ongoing + "/cadence").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("reportingCadence"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\":\"P0D\"}")
                .put("/api/tasks/" + ongoing + "/cadence").then().statusCode(400);
        assertEquals("P1M", get(Tokens.leader(), "/api/tasks/" + ongoing).getString("deadline.reportingCadence"));
    }
}
