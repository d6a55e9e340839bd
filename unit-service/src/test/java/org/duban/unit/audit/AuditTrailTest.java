package org.duban.unit.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue 20, the audit trail (安全审计): every admin change of the registry — register, rename, merge, dissolve,
 * contacts and webhook, import, seed, groups — leaves one append-only row with the actor from the token, the
 * action, the target, before and after, the time and the request id; a refused change leaves none; only the
 * {@code auditor} role reads it; PostgreSQL itself refuses UPDATE, DELETE and TRUNCATE on the table.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class AuditTrailTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    private static String register(String name) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(201).extract().path("id");
    }

    /** The entries for one target and action, newest first. */
    private static List<Map<String, Object>> entries(String target, String action) {
        return given().auth().oauth2(AUDITOR).queryParam("target", target).queryParam("action", action).queryParam("size", 100)
                .when().get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items");
    }

    /** Exactly one entry, by the demo admin. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> oneByAdmin(String target, String action) {
        List<Map<String, Object>> found = entries(target, action);
        assertEquals(1, found.size(), action + " on " + target + ": " + found);
        Map<String, Object> entry = found.get(0);
        Map<String, Object> actor = (Map<String, Object>) entry.get("actor");
        assertEquals("admin", actor.get("subject"), action);
        assertEquals("admin", actor.get("name"), action);
        assertTrue(((List<String>) actor.get("roles")).contains("admin"), action);
        assertNotNull(entry.get("at"), action);
        assertNotNull(entry.get("requestId"), action);
        return entry;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAdminChangeLeavesAnEntryWithItsActorBeforeAndAfter() {
        String a = register("县审计试点甲局");
        Map<String, Object> registered = oneByAdmin(a, "unit.register");
        assertNull(registered.get("before"));
        assertEquals("县审计试点甲局", ((Map<String, Object>) registered.get("after")).get("name"));
        assertEquals("UNIT", registered.get("targetType"));

        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "req-rename-1").contentType(ContentType.JSON)
                .body(Map.of("name", "县审计试点乙局")).when().post("/api/units/" + a + "/rename").then().statusCode(200)
                .header("X-Request-Id", "req-rename-1");
        Map<String, Object> renamed = oneByAdmin(a, "unit.rename");
        assertEquals("req-rename-1", renamed.get("requestId"));
        assertEquals("县审计试点甲局", ((Map<String, Object>) renamed.get("before")).get("name"));
        assertEquals("县审计试点乙局", ((Map<String, Object>) renamed.get("after")).get("name"));

        // a refused change leaves nothing: the entry is written in the change's transaction
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "县政务服务中心"))
                .when().post("/api/units/" + a + "/rename").then().statusCode(409);
        assertEquals(1, entries(a, "unit.rename").size());

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"contacts": [{"name": "钱七", "role": "HEAD", "phone": "0745-7654321"}],
                         "webhookUrl": "https://203.0.113.9/hooks/duban"}""")
                .when().put("/api/units/" + a + "/contacts").then().statusCode(200);
        Map<String, Object> contacts = oneByAdmin(a, "unit.contacts");
        assertNull(((Map<String, Object>) contacts.get("before")).get("webhookUrl"));
        assertEquals("https://203.0.113.9/hooks/duban", ((Map<String, Object>) contacts.get("after")).get("webhookUrl"));

        String b = register("县审计试点丙局");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("survivorId", a, "reason", "机构改革"))
                .when().post("/api/units/" + b + "/merge").then().statusCode(200);
        Map<String, Object> merged = oneByAdmin(b, "unit.merge");
        assertEquals("MERGED", ((Map<String, Map<String, Object>>) merged.get("after")).get("absorbed").get("status"));
        assertEquals("机构改革", merged.get("reason"));

        // the actor's unit comes from the token's unit_id claim
        UUID adminUnit = UUID.fromString("3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c01");
        String unitAdmin = OidcWiremockTestResource.generateJwtToken("admin-2", Set.of("admin"), "admin-2", Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE), Map.of("unit_id", adminUnit.toString()));
        String c = register("县审计试点丁局");
        given().auth().oauth2(unitAdmin).contentType(ContentType.JSON).body(Map.of("reason", "撤销"))
                .when().post("/api/units/" + c + "/deactivate").then().statusCode(200);
        List<Map<String, Object>> dissolved = entries(c, "unit.deactivate");
        assertEquals(1, dissolved.size());
        Map<String, Object> actor = (Map<String, Object>) dissolved.get(0).get("actor");
        assertEquals("admin-2", actor.get("subject"));
        assertEquals(adminUnit.toString(), actor.get("unitId"));
        assertEquals("DISSOLVED", ((Map<String, Object>) dissolved.get(0).get("after")).get("status"));

        // import: an entry per unit it changed and one for the file
        String csv = "name,kind,level\n县审计试点戊局,GOVERNMENT_DEPARTMENT,COUNTY\n";
        String d = given().auth().oauth2(Tokens.admin()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/units/import").then().statusCode(200).extract().path("report[0].unitId");
        oneByAdmin(d, "unit.register");
        JsonPath imports = given().auth().oauth2(AUDITOR).queryParam("action", "unit.import").queryParam("actor", "admin")
                .when().get("/api/audit").then().statusCode(200).extract().jsonPath();
        assertTrue(imports.getInt("total") >= 1);
        assertEquals(1, imports.getInt("items[0].after.created"));

        // seed: by the admin on request, by the system at first start
        given().auth().oauth2(Tokens.admin()).when().post("/api/units/seed").then().statusCode(200);
        given().auth().oauth2(AUDITOR).queryParam("action", "unit.seed").queryParam("actor", "admin")
                .when().get("/api/audit").then().statusCode(200).body("items[0].actor.roles", hasItem("admin"));
        given().auth().oauth2(AUDITOR).queryParam("action", "unit.seed").queryParam("actor", "system")
                .when().get("/api/audit").then().statusCode(200).body("total", equalTo(1));

        // groups
        String g = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县审计试点组", "level", "COUNTY", "memberIds", List.of(a)))
                .when().post("/api/unit-groups").then().statusCode(201).extract().path("id");
        Map<String, Object> group = oneByAdmin(g, "group.create");
        assertEquals("GROUP", group.get("targetType"));
    }

    @Test
    void placementAliasesAndGroupDefinitionsAreAuditedToo() {
        String parent = register("县审计试点辛局");
        String a = register("县审计试点辛局下属站");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY", "parentId", parent))
                .when().put("/api/units/" + a).then().statusCode(200);
        Map<String, Object> placed = oneByAdmin(a, "unit.place");
        assertNull(((Map<?, ?>) placed.get("before")).get("parentId"));
        assertEquals(parent, ((Map<?, ?>) placed.get("after")).get("parentId"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("alias", "辛站"))
                .when().post("/api/units/" + a + "/aliases").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/units/" + a + "/aliases/辛站").then().statusCode(200);
        assertEquals(List.of("辛站"), ((Map<?, ?>) oneByAdmin(a, "unit.alias.remove").get("before")).get("aliases"));

        // an alias confirmed through name resolution is the same change
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("text", "县辛站", "unitId", a))
                .when().post("/api/units/resolve/confirmations").then().statusCode(201);
        assertEquals(2, entries(a, "unit.alias.add").size());

        String g = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县审计试点辛组", "level", "COUNTY"))
                .when().post("/api/unit-groups").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("memberIds", List.of(a)))
                .when().put("/api/unit-groups/" + g + "/definition").then().statusCode(200);
        Map<String, Object> defined = oneByAdmin(g, "group.define");
        assertEquals(List.of(), ((Map<?, ?>) defined.get("before")).get("memberIds"));
        assertEquals(List.of(a), ((Map<?, ?>) defined.get("after")).get("memberIds"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("alias", "县辛组"))
                .when().post("/api/unit-groups/" + g + "/aliases").then().statusCode(200);
        assertEquals(List.of("县辛组"), ((Map<?, ?>) oneByAdmin(g, "group.alias.add").get("after")).get("aliases"));
    }

    @Test
    void theTrailIsFilteredByTimeAndPaged() {
        String a = register("县审计试点己局");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("alias", "县己局"))
                .when().post("/api/units/" + a + "/aliases").then().statusCode(200);
        given().auth().oauth2(AUDITOR).queryParam("target", a).queryParam("size", 1).when().get("/api/audit")
                .then().statusCode(200).body("total", equalTo(2)).body("items.size()", equalTo(1))
                .body("items[0].action", equalTo("unit.alias.add"));
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        given().auth().oauth2(AUDITOR).queryParam("target", a).queryParam("from", tomorrow).when().get("/api/audit")
                .then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(AUDITOR).queryParam("target", a).queryParam("to", tomorrow).when().get("/api/audit")
                .then().statusCode(200).body("total", equalTo(2));
        given().auth().oauth2(AUDITOR).queryParam("from", "yesterday").when().get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("from"));
    }

    @Test
    void onlyTheAuditorReadsTheTrail() {
        for (String token : List.of(Tokens.admin(), Tokens.supervisor(), Tokens.leader(), Tokens.integration(),
                Tokens.officerOf(UUID.randomUUID()))) {
            given().auth().oauth2(token).when().get("/api/audit").then().statusCode(403);
        }
        given().when().get("/api/audit").then().statusCode(401);
        given().auth().oauth2(AUDITOR).when().get("/api/audit").then().statusCode(200);
    }

    @Test
    void refusedTokensAnd403sLeaveSecurityEntries() {
        String officer = "officer-" + UUID.randomUUID();
        String token = OidcWiremockTestResource.generateJwtToken(officer, Set.of("unit-officer"), officer, Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "x", "kind", "GOVERNMENT_DEPARTMENT", "level", "COUNTY"))
                .when().post("/api/units").then().statusCode(403);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR)
                .queryParam("actor", officer).when().get("/api/audit").then().extract().jsonPath().getInt("total") == 1);
        given().auth().oauth2(AUDITOR).queryParam("actor", officer).when().get("/api/audit").then().statusCode(200)
                .body("items[0].action", equalTo("security.forbidden")).body("items[0].targetId", equalTo("POST /api/units"));
        String requestId = "bad-token-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).when().get("/api/units").then().statusCode(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR)
                .queryParam("action", "security.token-refused").queryParam("size", 500).when().get("/api/audit").then().extract()
                .jsonPath().<String> getList("items.requestId").contains(requestId));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEntry() throws Exception {
        register("县审计试点庚局");
        try (var c = RealInfrastructure.postgres().connect("duban_unit")) {
            long before = count(c);
            assertTrue(before > 0);
            SQLException update = assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("update audit_entry set actor_subject = 'nobody'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            SQLException delete = assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("delete from audit_entry"));
            assertTrue(delete.getMessage().contains("append-only"), delete.getMessage());
            SQLException truncate = assertThrows(SQLException.class,
                    () -> c.createStatement().executeUpdate("truncate audit_entry"));
            assertTrue(truncate.getMessage().contains("append-only"), truncate.getMessage());
            assertEquals(before, count(c));
        }
    }

    private static long count(java.sql.Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("select count(*) from audit_entry where actor_subject <> 'nobody'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
