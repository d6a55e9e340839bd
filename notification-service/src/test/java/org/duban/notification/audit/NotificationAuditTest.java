package org.duban.notification.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;

/**
 * Issue 20, notification-service's audit trail: a preference change, a webhook secret's rotation (never the secret) and
 * an administrator's action on a parked outbox row each leave their entry with the actor's subject and unit; a 401 and a
 * 403 leave security entries; only the auditor reads the trail.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class NotificationAuditTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    private static List<Map<String, Object>> entries(String target, String action) {
        return given().auth().oauth2(AUDITOR).queryParam("target", target).queryParam("action", action).get("/api/audit").then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> one(String target, String action, String subject, UUID unit) {
        List<Map<String, Object>> found = entries(target, action);
        assertEquals(1, found.size(), action + " on " + target + ": " + found);
        Map<String, Object> actor = (Map<String, Object>) found.get(0).get("actor");
        assertEquals(subject, actor.get("subject"), action);
        assertEquals(unit == null ? null : unit.toString(), actor.get("unitId"), action);
        return found.get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void preferencesSecretRotationsAndAdminActionsLeaveEntries() throws Exception {
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县审计试点局", null, null, null, "https://203.0.113.9/hooks/duban")), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));

        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("mode", "DAILY"))
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(200);
        Map<String, Object> preference = one(unit.toString(), "preference.set", "officer-" + unit, unit);
        assertEquals("DAILY", ((Map<String, Object>) preference.get("after")).get("mode"));
        assertEquals("EMAIL", ((Map<String, Object>) preference.get("after")).get("channel"));

        String secret = given().auth().oauth2(Tokens.officerOf(unit)).post("/api/webhook-secrets/" + unit).then().statusCode(200)
                .extract().path("secret");
        Map<String, Object> rotated = one(unit.toString(), "webhook-secret.rotate", "officer-" + unit, unit);
        assertFalse(rotated.toString().contains(secret), "the entry never holds the secret: " + rotated);

        long seq;
        try (Connection c = RealInfrastructure.postgres().connect("duban_notification");
                ResultSet rs = c.createStatement().executeQuery("""
                        insert into outbox_event (id, topic, aggregate_id, type, payload, occurred_at, parked_at, attempts, last_error)
                        values (gen_random_uuid(), 'duban.audit.probe', 'probe', 'duban.audit.probe.v1', '{}', now(), now(), 2, 'too large')
                        returning seq""")) {
            rs.next();
            seq = rs.getLong(1);
        }
        given().auth().oauth2(Tokens.admin()).post("/api/admin/outbox/parked/" + seq + "/discard").then().statusCode(204);
        one(String.valueOf(seq), "outbox.discarded", "admin", null);
        // a refused admin action leaves no change entry
        given().auth().oauth2(Tokens.admin()).post("/api/admin/outbox/parked/" + seq + "/discard").then().statusCode(404);
        assertEquals(1, entries(String.valueOf(seq), "outbox.discarded").size());
        assertNull(one(String.valueOf(seq), "outbox.discarded", "admin", null).get("before"));
    }

    @Test
    void a401AndA403LeaveSecurityEntriesAndOnlyTheAuditorReads() {
        String officer = "officer-" + UUID.randomUUID();
        String token = OidcWiremockTestResource.generateJwtToken(officer, Set.of("unit-officer"), officer, Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(token).post("/api/admin/outbox/parked/1/retry").then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("actor", officer)
                .get("/api/audit").then().extract().jsonPath().getInt("total") == 1);
        String requestId = "notification-401-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).get("/api/inbox").then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("action", "security.*")
                .queryParam("size", 500).get("/api/audit").then().extract().jsonPath().<String> getList("items.requestId")
                .contains(requestId));
        for (String other : List.of(Tokens.admin(), Tokens.supervisor(), Tokens.leader())) {
            given().auth().oauth2(other).get("/api/audit").then().statusCode(403);
        }
    }
}
