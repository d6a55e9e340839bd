package org.duban.platform.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Platform's audit trail (issue 20, 安全审计): an entry is written in the caller's transaction (a rollback leaves none),
 * PostgreSQL refuses UPDATE, DELETE and TRUNCATE, only the auditor reads it (paged, filtered, exported as CSV), a supervisor
 * doing a unit's step is recorded as acting on its behalf, long texts are kept as hashes, and refused tokens and 403s
 * leave security entries within a per-minute budget.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class AuditTrailTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    @Inject
    SecurityEventBudget budget;

    private static JsonPath trail(Map<String, Object> query) {
        return given().auth().oauth2(AUDITOR).queryParams(query).when().get("/api/audit").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anEntryCommitsWithItsChangeAndRollsBackWithIt() throws SQLException {
        UUID kept = UUID.randomUUID();
        given().auth().oauth2(Tokens.supervisor()).header("X-Request-Id", "audit-req-1").when().post("/probe/audit/" + kept)
                .then().statusCode(200).header("X-Request-Id", "audit-req-1");
        JsonPath found = trail(Map.of("target", kept.toString()));
        assertEquals(1, found.getInt("total"));
        assertEquals("probe.change", found.getString("items[0].action"));
        assertEquals("supervisor", found.getString("items[0].actor.subject"));
        assertEquals(List.of("supervisor"), found.getList("items[0].actor.roles"));
        assertEquals("PROBE", found.getString("items[0].targetType"));
        assertEquals("短文本", found.getString("items[0].after.text"));
        assertEquals("试点", found.getString("items[0].reason"));
        assertEquals("audit-req-1", found.getString("items[0].requestId"));
        assertTrue(found.getString("items[0].clientAddress").contains("127.0.0.1"), found.getString("items[0].clientAddress"));

        UUID refused = UUID.randomUUID();
        given().auth().oauth2(Tokens.supervisor()).queryParam("fail", true).when().post("/probe/audit/" + refused).then().statusCode(409);
        assertEquals(0, trail(Map.of("target", refused.toString())).getInt("total"));
        try (Connection c = RealInfrastructure.postgres().connect("duban_platform")) {
            assertEquals(0, count(c, "select count(*) from probe_effect where event_id = '" + refused + "'"));
            assertEquals(1, count(c, "select count(*) from probe_effect where event_id = '" + kept + "'"));
        }
    }

    @Test
    void aLongTextIsKeptAsItsHash() {
        UUID id = UUID.randomUUID();
        String report = "整改报告".repeat(100);
        given().auth().oauth2(Tokens.supervisor()).queryParam("text", report).when().post("/probe/audit/" + id).then().statusCode(200);
        assertEquals("sha256:" + AuditTrail.sha256(report) + " (400 chars)",
                trail(Map.of("target", id.toString())).getString("items[0].after.text"));
    }

    @Test
    void aSupervisorDoingAUnitsStepActsOnItsBehalf() {
        UUID unit = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        given().auth().oauth2(Tokens.supervisor()).when().post("/probe/audit/" + id + "/for/" + unit).then().statusCode(200);
        JsonPath byOffice = trail(Map.of("target", id.toString()));
        assertEquals(unit.toString(), byOffice.getString("items[0].onBehalfOf.unitId"));
        assertEquals("单位无法登录，代为报送", byOffice.getString("items[0].onBehalfOf.reason"));

        // the unit's own officer acts for itself: no on-behalf
        UUID own = UUID.randomUUID();
        given().auth().oauth2(Tokens.officerOf(unit)).when().post("/probe/audit/" + own + "/for/" + unit).then().statusCode(200);
        JsonPath byUnit = trail(Map.of("target", own.toString()));
        assertEquals(unit.toString(), byUnit.getString("items[0].actor.unitId"));
        assertNull(byUnit.get("items[0].onBehalfOf"));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEntry() throws Exception {
        given().auth().oauth2(Tokens.supervisor()).when().post("/probe/audit/" + UUID.randomUUID()).then().statusCode(200);
        try (Connection c = RealInfrastructure.postgres().connect("duban_platform")) {
            long before = count(c, "select count(*) from audit_entry");
            assertTrue(before > 0);
            for (String sql : List.of("update audit_entry set actor_subject = 'nobody'", "delete from audit_entry",
                    "truncate audit_entry")) {
                SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate(sql), sql);
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
            assertEquals(before, count(c, "select count(*) from audit_entry"));
        }
    }

    @Test
    void onlyTheAuditorReadsOrExportsTheTrail() {
        for (String token : List.of(Tokens.admin(), Tokens.supervisor(), Tokens.leader(), Tokens.integration(),
                Tokens.officerOf(UUID.randomUUID()))) {
            given().auth().oauth2(token).when().get("/api/audit").then().statusCode(403);
            given().auth().oauth2(token).when().get("/api/audit/export").then().statusCode(403);
        }
        given().when().get("/api/audit").then().statusCode(401);
        given().when().get("/api/audit/export").then().statusCode(401);
        given().auth().oauth2(AUDITOR).when().get("/api/audit").then().statusCode(200);
    }

    @Test
    void theTrailIsFilteredByTimeAndPaged() {
        String id = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.supervisor()).when().post("/probe/audit/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).when().post("/probe/audit/" + id + "/for/" + UUID.randomUUID()).then().statusCode(200);
        given().auth().oauth2(AUDITOR).queryParam("target", id).queryParam("size", 1).when().get("/api/audit").then().statusCode(200)
                .body("total", equalTo(2)).body("items.size()", equalTo(1)).body("items[0].action", equalTo("probe.report"));
        given().auth().oauth2(AUDITOR).queryParam("target", id).queryParam("size", 1).queryParam("page", 1).when().get("/api/audit")
                .then().statusCode(200).body("items[0].action", equalTo("probe.change"));
        given().auth().oauth2(AUDITOR).queryParam("target", id).queryParam("action", "probe.*").when().get("/api/audit")
                .then().statusCode(200).body("total", equalTo(2));
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        given().auth().oauth2(AUDITOR).queryParam("target", id).queryParam("from", tomorrow).when().get("/api/audit").then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(AUDITOR).queryParam("target", id).queryParam("to", tomorrow).when().get("/api/audit").then()
                .statusCode(200).body("total", equalTo(2));
        given().auth().oauth2(AUDITOR).queryParam("from", "yesterday").when().get("/api/audit").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("from"));
    }

    @Test
    void theExportIsCsvWithTheSameFilters() {
        String id = UUID.randomUUID().toString();
        given().auth().oauth2(Tokens.supervisor()).queryParam("text", "=HYPERLINK(\"http://evil\"),\n第二行").when()
                .post("/probe/audit/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.supervisor()).when().post("/probe/audit/" + id + "/for/" + UUID.randomUUID()).then().statusCode(200);
        var response = given().auth().oauth2(AUDITOR).queryParam("target", id).when().get("/api/audit/export").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", startsWith("attachment; filename=\"audit-"))
                .extract();
        String csv = new String(response.asByteArray(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFFid,at,actor_subject,actor_name,actor_roles,actor_unit,on_behalf_of,on_behalf_reason,action,"),
                csv);
        String[] records = csv.substring(1).split("\r\n");
        assertEquals(3, records.length, csv); // the header, the change, the report: oldest first
        assertTrue(records[1].contains(",probe.change,PROBE," + id + ","), records[1]);
        assertTrue(records[2].contains(",probe.report,PROBE," + id + ","), records[2]);
        // JSON cells are quoted, quotes doubled; the caller's formula stays inside the JSON text, never at a cell's start
        assertTrue(records[1].contains("\"{\"\"text\"\": \"\"=HYPERLINK(\\\"\"http://evil\\\"\"),\\n第二行\"\"}\""), records[1]);
        assertEquals("'=SUM(A1)", AuditResource.csv("=SUM(A1)"));
        assertEquals("\"'-1,2\"", AuditResource.csv("-1,2"));
        assertEquals("\"a\"\"b\"", AuditResource.csv("a\"b"));
    }

    @Test
    void refusedTokensAnd403sLeaveSecurityEntries() {
        String path = "/probe/admin-only";
        String requestId = "sec-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).when().get(path).then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(Map.of("action", SecurityEvents.TOKEN_REFUSED, "size", 500))
                .<String> getList("items.requestId").contains(requestId));

        String leader = "leader-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.forRole(leader, "leader")).when().get(path).then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(Map.of("actor", leader)).getInt("total") == 1);
        JsonPath forbidden = trail(Map.of("actor", leader));
        assertEquals(SecurityEvents.FORBIDDEN, forbidden.getString("items[0].action"));
        assertEquals("REQUEST", forbidden.getString("items[0].targetType"));
        assertEquals("GET " + path, forbidden.getString("items[0].targetId"));
        assertEquals(403, forbidden.getInt("items[0].after.status"));

        // a 403 the application answers itself is recorded too, once
        String officer = "officer-" + UUID.randomUUID();
        String officerToken = io.quarkus.test.oidc.server.OidcWiremockTestResource.generateJwtToken(officer, java.util.Set.of("unit-officer"),
                officer, Tokens.ISSUER, java.util.Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(officerToken).when().get("/probe/audit/not-yours").then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(Map.of("actor", officer)).getInt("total") == 1);
        JsonPath application = trail(Map.of("actor", officer));
        assertEquals(SecurityEvents.FORBIDDEN, application.getString("items[0].action"));
        assertEquals("GET /probe/audit/not-yours", application.getString("items[0].targetId"));
        assertEquals("application", application.getString("items[0].after.check"));
        assertTrue(application.getString("items[0].actor.unitId") != null);

        String anonymousId = "anon-" + UUID.randomUUID();
        given().header("X-Request-Id", anonymousId).when().get(path).then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> trail(Map.of("action", SecurityEvents.UNAUTHENTICATED, "size", 500))
                .<String> getList("items.requestId").contains(anonymousId));
        // each refusal once: the role check's event and the application's answer are not both recorded
        assertEquals(1, trail(Map.of("actor", leader)).getInt("total"));
        assertEquals(1, trail(Map.of("actor", officer)).getInt("total"));
    }

    @Test
    void aFloodOfSecurityEventsIsCappedPerCallerAndMinuteAndCounted() {
        TestClock clock = new TestClock(Instant.parse("2026-12-07T02:00:00Z"));
        QuarkusMock.installMockForType(clock, java.time.Clock.class);
        String key = "security.forbidden|flood-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            assertEquals(0, budget.admit(key), "the first ten of a minute are written");
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(-1, budget.admit(key), "the rest of the minute is counted");
        }
        assertEquals(0, budget.admit("security.forbidden|someone-else"), "another caller has its own budget");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(5, budget.admit(key), "the next minute's first entry says how many were left out");
        assertEquals(0, budget.admit(key));

        // and across all callers at most 300 a minute
        clock.advance(Duration.ofMinutes(1));
        long written = 0;
        for (int i = 0; i < 400; i++) {
            if (budget.admit("security.token-refused|203.0.113." + i) >= 0) {
                written++;
            }
        }
        assertEquals(300, written);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
