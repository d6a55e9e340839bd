package org.duban.province.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.province.support.Province;
import org.duban.provincesim.Answer;
import org.duban.provincesim.Mode;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.SendOptions;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Issue 20, province-gateway's audit trail: what the province's signed messages change is recorded with the provincial
 * app as the actor; a refused signature is a security event (with the caller's address and the reason); a resend by the
 * supervision office has its entry; a 401 and a 403 leave security entries; only the auditor reads the trail.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class GatewayAuditTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    private final ProvinceSim sim = Province.sim();

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(Province.CLOCK, Clock.class);
        sim.mode(Mode.NORMAL);
    }

    private static List<Map<String, Object>> entries(Map<String, Object> query) {
        return given().auth().oauth2(AUDITOR).queryParams(query).queryParam("size", 500).get("/api/audit").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private static Map<String, Object> issue(String title) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("documentNumber", "湘政务办发〔2021〕5号");
        p.put("documentTitle", "湖南省2021年政务管理服务工作要点");
        p.put("sectionLabel", "二");
        p.put("taskNumber", "（六）");
        p.put("title", title);
        p.put("text", title + "。");
        p.put("leadDepartment", "省政务局");
        p.put("deadlineText", "2021年底");
        p.put("deadline", "2021-12-31");
        p.put("reportCadence", "MONTHLY");
        p.put("reportDay", 25);
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void acceptedMessagesAreTheProvincialAppsAndRefusedSignaturesAreSecurityEvents() {
        String task = "T-" + UUID.randomUUID().toString().substring(0, 8);
        Answer issued = sim.send("TASK_ISSUE", task, issue("审计试点下发"));
        assertTrue(issued.ok(), issued.body());
        List<Map<String, Object>> found = entries(Map.of("target", task, "action", "province.message.task-issue"));
        assertEquals(1, found.size(), found.toString());
        Map<String, Object> actor = (Map<String, Object>) found.get(0).get("actor");
        assertEquals("province-app:hn-province-demo", actor.get("subject"));
        assertEquals(issued.msgId(), ((Map<String, Object>) found.get(0).get("after")).get("msgId"));

        // an urge of the same task is the app's too
        Answer urged = sim.send("URGE", task, Map.of("reason", "进度滞后"));
        assertTrue(urged.ok(), urged.body());
        assertEquals(1, entries(Map.of("target", task, "action", "province.message.urge")).size());

        // a fresh minute: the trail takes at most 10 refusals a minute from one address (other test classes send some)
        Province.CLOCK.advance(Duration.ofMinutes(2));
        int before = entries(Map.of("action", "security.signature-refused")).size();
        Answer bad = sim.send("TASK_ISSUE", "T-" + UUID.randomUUID().toString().substring(0, 8), issue("签名错误"),
                SendOptions.defaults().badSignature());
        assertEquals(401, bad.status(), bad.body());
        List<Map<String, Object>> refused = entries(Map.of("action", "security.signature-refused"));
        assertEquals(before + 1, refused.size());
        Map<String, Object> entry = refused.get(0);
        assertEquals("POST /api/province/messages", entry.get("targetId"));
        assertEquals("anonymous", ((Map<String, Object>) entry.get("actor")).get("subject"));
        assertTrue(((String) ((Map<String, Object>) entry.get("after")).get("reason")).startsWith("X-Signature"), entry.toString());
        assertEquals("hn-province-demo", ((Map<String, Object>) entry.get("after")).get("appKey"));
    }

    @Test
    void aResendByTheOfficeHasItsEntry() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = RealInfrastructure.postgres().connect("duban_province")) {
            c.createStatement().executeUpdate("""
                    insert into outbound_message (id, seq, msg_id, msg_type, prov_task_id, event_id, envelope, status, due_since,
                        next_attempt_at, created_at)
                    values ('%s', (select coalesce(max(seq), 0) + 1000 from outbound_message), 'AUDIT-%s', 'PROGRESS', 'T-AUDIT',
                        gen_random_uuid(), '{}', 'FAILED', now(), now(), now())""".formatted(id, id));
        }
        given().auth().oauth2(Tokens.supervisor()).post("/api/gateway/outbound/" + id + "/resend").then().statusCode(200);
        List<Map<String, Object>> found = entries(Map.of("target", id.toString(), "action", "outbound.resend"));
        assertEquals(1, found.size(), found.toString());
    }

    @Test
    void a401AndA403LeaveSecurityEntriesAndOnlyTheAuditorReads() {
        String officer = "officer-" + UUID.randomUUID();
        String token = OidcWiremockTestResource.generateJwtToken(officer, Set.of("unit-officer"), officer, Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(token).get("/api/gateway/tasks").then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(Map.of("actor", officer)).size() == 1);
        String requestId = "gateway-401-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).get("/api/gateway/tasks").then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(Map.of("action", "security.*")).stream()
                .anyMatch(e -> requestId.equals(e.get("requestId"))));
        for (String other : List.of(Tokens.admin(), Tokens.supervisor(), Tokens.leader())) {
            given().auth().oauth2(other).get("/api/audit").then().statusCode(403);
        }
    }
}
