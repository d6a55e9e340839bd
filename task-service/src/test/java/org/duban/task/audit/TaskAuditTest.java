package org.duban.task.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.task.importer.ResolveFixtureServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue 20, task-service's audit trail: every state change the issue lists leaves its entry with the right action and
 * actor (token subject and unit), in the change's transaction — the plan import as the importing supervisor (not
 * "system"), POST /api/tasks, 签收 (by the unit, or by the office on its behalf), reports, 复核, extension requests and
 * decisions, 退回 and 改派, withdrawal, completion, designations, milestones, cadence, due-date revisions and the
 * calendar; a 401 and a 403 leave security entries; only the auditor reads the trail.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_audit"))
@WithTestResource(ResolveFixtureServer.class)
class TaskAuditTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    /** One expected entry: its action, its target id, the actor's subject and unit (null: none). */
    private record Expected(String action, String target, String subject, UUID unit) {
    }

    /** A township as the replica holds it once unit-service announced it (as TaskCorrectionsTest writes it). */
    private static UUID township(String name) {
        UUID id = UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            org.duban.platform.unit.UnitReplica u = new org.duban.platform.unit.UnitReplica();
            u.id = id;
            u.version = 1;
            u.name = name;
            u.kind = "TOWNSHIP_GOVERNMENT";
            u.level = "TOWNSHIP";
            u.parentId = ResolveFixtureServer.idOf("中方县人民政府");
            u.status = "ACTIVE";
            u.updatedAt = java.time.Instant.now();
            u.persist();
        });
        return id;
    }

    private static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).get(path).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath post(String token, String path, String body, int status) {
        var request = given().auth().oauth2(token);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path).then().statusCode(status).extract().jsonPath();
    }

    private static List<Map<String, Object>> entries(String target, String action) {
        return given().auth().oauth2(AUDITOR).queryParam("target", target).queryParam("action", action).queryParam("size", 500)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyListedChangeLeavesItsEntryWithItsActor() {
        List<Expected> expected = new ArrayList<>();
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String sup = "supervisor";

        // POST /api/tasks: the task and each 交办 by the supervisor
        String taskId = post(Tokens.supervisor(), "/api/tasks", """
                {"title": "审计试点任务", "dueAt": "2031-12-31T15:59:59Z", "assignments": [
                  {"unitId": "%s", "role": "LEAD"}, {"unitId": "%s", "role": "CO_RESPONSIBLE"}]}""".formatted(lead, co), 201)
                .getString("id");
        String leadA = get(Tokens.officerOf(lead), "/api/assignments?unitId=" + lead).getString("[0].id");
        String coA = get(Tokens.officerOf(co), "/api/assignments?unitId=" + co).getString("[0].id");
        expected.add(new Expected("task.create", taskId, sup, null));
        expected.add(new Expected("assignment.assigned", leadA, sup, null));
        expected.add(new Expected("assignment.assigned", coA, sup, null));

        // 签收 by the unit itself, and by the office for the lead unit (on its behalf)
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/accept", null, 200);
        expected.add(new Expected("assignment.accepted", coA, "officer-" + co, co));
        post(Tokens.supervisor(), "/api/assignments/" + leadA + "/accept", null, 200);
        expected.add(new Expected("assignment.accepted", leadA, sup, null));

        // a report by the co-unit's officer, 复核 by the lead unit's officer
        post(Tokens.officerOf(co), "/api/assignments/" + coA + "/reports", "{\"percentComplete\": 100, \"narrative\": \"已完成\"}", 201);
        expected.add(new Expected("assignment.reported", coA, "officer-" + co, co));
        post(Tokens.officerOf(lead), "/api/assignments/" + coA + "/review", "{\"approve\": true, \"note\": \"同意\"}", 200);
        expected.add(new Expected("assignment.reviewed", coA, "officer-" + lead, lead));
        post(Tokens.supervisor(), "/api/assignments/" + coA + "/complete", null, 200);
        expected.add(new Expected("assignment.completed", coA, sup, null));

        // an extension asked by the lead unit, decided by the office
        String requestId = post(Tokens.officerOf(lead), "/api/assignments/" + leadA + "/extensions",
                "{\"requestedDueAt\": \"2032-03-31\", \"reason\": \"需省级审批\"}", 201).getString("id");
        expected.add(new Expected("assignment.extension-requested", leadA, "officer-" + lead, lead));
        post(Tokens.supervisor(), "/api/assignments/" + leadA + "/extensions/" + requestId + "/decision",
                "{\"approve\": true, \"note\": \"同意延期\"}", 200);
        expected.add(new Expected("assignment.extension-decided", leadA, sup, null));

        // 退回 by the unit, 改派 by the office (the old assignment's step and the new 交办), then withdrawal
        String task2 = post(Tokens.supervisor(), "/api/tasks", """
                {"title": "审计试点任务二", "dueAt": "2031-12-31T15:59:59Z", "assignments": [{"unitId": "%s", "role": "LEAD"}]}"""
                .formatted(other), 201).getString("id");
        String otherA = get(Tokens.officerOf(other), "/api/assignments?unitId=" + other).getString("[0].id");
        post(Tokens.officerOf(other), "/api/assignments/" + otherA + "/return", "{\"reason\": \"不属于本单位职责\"}", 200);
        expected.add(new Expected("assignment.returned", otherA, "officer-" + other, other));
        UUID next = UUID.randomUUID();
        String fresh = post(Tokens.supervisor(), "/api/assignments/" + otherA + "/reassign",
                "{\"unitId\": \"" + next + "\", \"reason\": \"改由主管部门牵头\"}", 201).getString("id");
        expected.add(new Expected("assignment.reassigned", otherA, sup, null));
        expected.add(new Expected("assignment.assigned", fresh, sup, null));
        post(Tokens.supervisor(), "/api/assignments/" + fresh + "/withdraw", "{\"reason\": \"任务取消\"}", 200);
        expected.add(new Expected("assignment.withdrawn", fresh, sup, null));
        assertFalse(task2.isBlank());

        // the plan import: one entry by the importing supervisor, none per 交办 as "system"
        byte[] notice = SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).getBytes(StandardCharsets.UTF_8);
        String planId = given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8").body(notice)
                .post("/api/plans/import").then().statusCode(201).extract().path("plans[0].id");
        expected.add(new Expected("plan.import", planId, sup, null));

        // designation, milestones, cadence, due dates of the imported plan
        List<Map<String, Object>> pending = get(Tokens.supervisor(), "/api/designations?planId=" + planId).getList("$");
        Map<String, Object> designation = pending.stream().filter(d -> "各乡镇人民政府".equals(d.get("group"))).findFirst().orElseThrow();
        UUID township = township("审计试点镇人民政府");
        post(Tokens.supervisor(), "/api/designations/" + designation.get("id"), "{\"unitIds\":[\"" + township + "\"]}", 200);
        expected.add(new Expected("designation.designate", (String) designation.get("id"), sup, null));

        List<Map<String, Object>> tasks = get(Tokens.supervisor(), "/api/tasks?limit=1000&planId=" + planId).getList("$");
        // each imported assignment's own history names the importing supervisor as who handed it over (交办), not "system"
        String importedAssignment = tasks.stream()
                .map(t -> get(Tokens.supervisor(), "/api/assignments?taskId=" + t.get("id")).getString("[0].id"))
                .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        Map<String, Object> handedOver = get(Tokens.supervisor(), "/api/assignments/" + importedAssignment + "/history")
                .getMap("[0]");
        assertEquals("交办", handedOver.get("reason"), handedOver.toString());
        assertFalse("system".equals(handedOver.get("actor")) || handedOver.get("actor") == null, handedOver.toString());
        Map<String, Object> withMilestones = tasks.stream()
                .filter(t -> ((List<Map<String, Object>>) ((Map<String, Object>) t.get("deadline")).get("milestones")).stream()
                        .filter(m -> "PROPOSED".equals(m.get("status"))).count() >= 2)
                .findFirst().orElseThrow();
        List<Map<String, Object>> proposed = (List<Map<String, Object>>) ((Map<String, Object>) withMilestones.get("deadline"))
                .get("milestones");
        String mTask = (String) withMilestones.get("id");
        String confirm = (String) proposed.get(0).get("id");
        String dismiss = (String) proposed.get(1).get("id");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"dueAt\":\"2021-11-30T15:59:59Z\"}")
                .put("/api/tasks/" + mTask + "/milestones/" + confirm).then().statusCode(200);
        expected.add(new Expected("milestone.confirm", confirm, sup, null));
        given().auth().oauth2(Tokens.supervisor()).delete("/api/tasks/" + mTask + "/milestones/" + dismiss).then().statusCode(200);
        expected.add(new Expected("milestone.delete", dismiss, sup, null));

        String ongoing = (String) tasks.stream().filter(t -> "ONGOING".equals(((Map<String, Object>) t.get("deadline")).get("kind")))
                .findFirst().orElseThrow().get("id");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"reportingCadence\":\"P1M\"}")
                .put("/api/tasks/" + ongoing + "/cadence").then().statusCode(200);
        expected.add(new Expected("task.cadence", ongoing, sup, null));

        String dated = (String) tasks.stream().filter(t -> "DATE".equals(((Map<String, Object>) t.get("deadline")).get("kind")))
                .findFirst().orElseThrow().get("id");
        post(Tokens.supervisor(), "/api/plans/" + planId + "/due-dates",
                "{\"taskIds\": [\"" + dated + "\"], \"dueOn\": \"2031-06-20\", \"reason\": \"县政府常务会议研究确定\"}", 200);
        expected.add(new Expected("plan.due-dates", planId, sup, null));

        // the calendar, by the admin
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"daysOff\": [\"2031-10-01\"], \"makeUpDays\": [], \"reason\": \"国庆节\"}").put("/api/calendar/2031")
                .then().statusCode(200);
        expected.add(new Expected("calendar.change", "2031", "admin", null));

        for (Expected e : expected) {
            List<Map<String, Object>> found = entries(e.target(), e.action());
            assertEquals(1, found.size(), e + ": " + found);
            Map<String, Object> actor = (Map<String, Object>) found.get(0).get("actor");
            assertEquals(e.subject(), actor.get("subject"), e.toString());
            assertEquals(e.unit() == null ? null : e.unit().toString(), actor.get("unitId"), e.toString());
            assertTrue(((List<String>) actor.get("roles")).size() >= 1, e.toString());
        }

        // the office signing for the lead unit acted on its behalf; the unit signing itself did not
        Map<String, Object> forLead = entries(leadA, "assignment.accepted").get(0);
        assertEquals(lead.toString(), ((Map<String, Object>) forLead.get("onBehalfOf")).get("unitId"));
        assertNull(entries(coA, "assignment.accepted").get(0).get("onBehalfOf"));
        // the import's 交办 are not each written as "system"
        assertEquals(0, given().auth().oauth2(AUDITOR).queryParam("actor", "system").queryParam("action", "assignment.assigned")
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getInt("total"));
        Map<String, Object> imported = entries(planId, "plan.import").get(0);
        assertTrue(((Number) ((Map<String, Object>) imported.get("after")).get("tasks")).intValue() > 10, imported.toString());
        // the due-date revision also moved the task's assignments, each with its own entry
        assertFalse(given().auth().oauth2(AUDITOR).queryParam("action", "assignment.due-date-changed").get("/api/audit").then()
                .statusCode(200).extract().jsonPath().getList("items").isEmpty());
    }

    @Test
    void a401AndA403LeaveSecurityEntriesAndOnlyTheAuditorReads() {
        String officer = "officer-" + UUID.randomUUID();
        String token = io.quarkus.test.oidc.server.OidcWiremockTestResource.generateJwtToken(officer, java.util.Set.of("unit-officer"),
                officer, Tokens.ISSUER, java.util.Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post("/api/tasks").then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("actor", officer)
                .get("/api/audit").then().extract().jsonPath().getInt("total") == 1);
        assertEquals("security.forbidden", given().auth().oauth2(AUDITOR).queryParam("actor", officer).get("/api/audit").then()
                .extract().jsonPath().getString("items[0].action"));
        String requestId = "task-401-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).get("/api/tasks").then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("action", "security.*")
                .queryParam("size", 500).get("/api/audit").then().extract().jsonPath().<String> getList("items.requestId")
                .contains(requestId));
        for (String other : List.of(Tokens.admin(), Tokens.supervisor(), Tokens.leader())) {
            given().auth().oauth2(other).get("/api/audit").then().statusCode(403);
        }
    }
}
