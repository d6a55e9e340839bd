package org.duban.supervision.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;

/**
 * Issue 20, supervision-service's audit trail (beside its per-object history, which keeps every version): cards issued,
 * acknowledged and lifted, inspections scheduled and cancelled, findings and their responses, rectification reports and
 * close/reopen, bulletin drafts, edits and publication, disclosure publish/withdraw and referral steps each leave their
 * entry with the actor's subject and unit; long texts are kept as their hash; a 401 and a 403 leave security entries.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class SupervisionAuditTest {

    private static final String AUDITOR = Tokens.forRole("auditor", "auditor");

    private final TestClock clock = new TestClock(Instant.parse("2022-02-10T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private record Expected(String action, String target, String subject, UUID unit) {
    }

    private static String post(String token, String path, Object body, int status, String field) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        var response = request.post(path).then().statusCode(status);
        return field == null ? null : response.extract().path(field);
    }

    private static List<Map<String, Object>> entries(String target, String action) {
        return given().auth().oauth2(AUDITOR).queryParam("target", target).queryParam("action", action).queryParam("size", 500)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyListedChangeLeavesItsEntryWithItsActor() {
        List<Expected> expected = new ArrayList<>();
        UUID unit = knownUnit("县审计试点局");
        String sup = "supervisor";
        String officer = "officer-" + unit;

        String card = post(Tokens.supervisor(), "/api/warnings", Map.of("unitId", unit.toString(), "color", "YELLOW", "reason",
                "台账不全"), 201, "warningId");
        expected.add(new Expected("warning.issued", card, sup, null));
        post(Tokens.officerOf(unit), "/api/warnings/" + card + "/acknowledge", null, 200, null);
        expected.add(new Expected("warning.acknowledged", card, officer, unit));
        post(Tokens.supervisor(), "/api/warnings/" + card + "/lift", Map.of("reason", "台账已补齐"), 200, null);
        expected.add(new Expected("warning.lifted", card, sup, null));

        String inspection = post(Tokens.supervisor(), "/api/inspections", Map.of("title", "专项督查", "kind", "REGULAR", "startsAt",
                "2022-02-10T01:00:00Z", "unitIds", List.of(unit.toString())), 201, "inspectionId");
        expected.add(new Expected("inspection.scheduled", inspection, sup, null));
        String cancelled = post(Tokens.supervisor(), "/api/inspections", Map.of("title", "另一专项督查", "kind", "REGULAR", "startsAt",
                "2022-02-11T01:00:00Z", "unitIds", List.of(unit.toString())), 201, "inspectionId");
        post(Tokens.supervisor(), "/api/inspections/" + cancelled + "/cancel", Map.of("reason", "与市级督查时间冲突"), 200, null);
        expected.add(new Expected("inspection.cancelled", cancelled, sup, null));

        String finding = post(Tokens.supervisor(), "/api/inspections/" + inspection + "/findings", Map.of("unitId", unit.toString(),
                "text", "台账缺失", "rectification", Map.of("requirement", "补建台账", "dueAt", "2022-03-01T01:00:00Z")), 201, "findingId");
        expected.add(new Expected("finding.recorded", finding, sup, null));
        String rect = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/rectifications?unitId=" + unit).then().statusCode(200)
                .extract().path("[0].rectificationId");
        expected.add(new Expected("rectification.ordered", rect, sup, null));
        String longResponse = "已安排整改".repeat(60);
        post(Tokens.officerOf(unit), "/api/findings/" + finding + "/response", Map.of("text", longResponse), 200, null);
        expected.add(new Expected("finding.responded", finding, officer, unit));
        post(Tokens.officerOf(unit), "/api/rectifications/" + rect + "/report", Map.of("text", "台账初稿已建"), 200, null);
        post(Tokens.supervisor(), "/api/rectifications/" + rect + "/review", Map.of("close", false, "note", "缺少签字"), 200, null);
        expected.add(new Expected("rectification.reopened", rect, sup, null));
        clock.advance(Duration.ofHours(1));
        post(Tokens.officerOf(unit), "/api/rectifications/" + rect + "/report", Map.of("text", "台账已补签"), 200, null);
        post(Tokens.supervisor(), "/api/rectifications/" + rect + "/review", Map.of("close", true, "note", "合格"), 200, null);
        expected.add(new Expected("rectification.closed", rect, sup, null));

        String bulletin = post(Tokens.supervisor(), "/api/bulletins", Map.of("periodStart", "2022-01-01", "periodEnd", "2022-01-31"),
                201, "bulletinId");
        expected.add(new Expected("bulletin.drafted", bulletin, sup, null));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("title", "第一稿", "text", "正文一"))
                .put("/api/bulletins/" + bulletin).then().statusCode(200);
        expected.add(new Expected("bulletin.edited", bulletin, sup, null));
        post(Tokens.supervisor(), "/api/bulletins/" + bulletin + "/publish", null, 200, null);
        expected.add(new Expected("bulletin.published", bulletin, sup, null));
        String item = post(Tokens.supervisor(), "/api/disclosure/bulletins/" + bulletin + "/publish", Map.of(), 200, "id");
        expected.add(new Expected("disclosure.published", item, sup, null));
        post(Tokens.supervisor(), "/api/disclosure/bulletins/" + bulletin + "/withdraw", Map.of("reason", "内容需更正"), 200, null);
        expected.add(new Expected("disclosure.withdrawn", item, sup, null));

        String referral = post(Tokens.supervisor(), "/api/referrals", Map.of("unitId", unit.toString(), "basis", "黄牌逾期未整改",
                "warningIds", List.of(card)), 201, "referralId");
        expected.add(new Expected("referral.drafted", referral, sup, null));
        post(Tokens.supervisor(), "/api/referrals/" + referral + "/refer", Map.of("note", "移交纪委监委"), 200, null);
        expected.add(new Expected("referral.referred", referral, sup, null));

        for (Expected e : expected) {
            List<Map<String, Object>> found = entries(e.target(), e.action());
            assertTrue(found.size() >= 1, e + ": " + found);
            Map<String, Object> actor = (Map<String, Object>) found.get(0).get("actor");
            assertEquals(e.subject(), actor.get("subject"), e.toString());
            assertEquals(e.unit() == null ? null : e.unit().toString(), actor.get("unitId"), e.toString());
        }
        assertEquals(2, entries(rect, "rectification.reported").size(), "both reports, none overwritten");
        Map<String, Object> response = (Map<String, Object>) entries(finding, "finding.responded").get(0).get("after");
        assertTrue(((String) response.get("response")).startsWith("sha256:"), "a long text is kept as its hash: " + response);
    }

    @Test
    void a401AndA403LeaveSecurityEntries() {
        String officer = "officer-" + UUID.randomUUID();
        String token = OidcWiremockTestResource.generateJwtToken(officer, Set.of("unit-officer"), officer, Tokens.ISSUER,
                Set.of(Tokens.AUDIENCE), Map.of("unit_id", UUID.randomUUID().toString()));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post("/api/bulletins").then().statusCode(403);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("actor", officer)
                .get("/api/audit").then().extract().jsonPath().getInt("total") == 1);
        String requestId = "sup-401-" + UUID.randomUUID();
        given().auth().oauth2("not.a.token").header("X-Request-Id", requestId).get("/api/warnings").then().statusCode(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(AUDITOR).queryParam("action", "security.*")
                .queryParam("size", 500).get("/api/audit").then().extract().jsonPath().<String> getList("items.requestId")
                .contains(requestId));
        given().auth().oauth2(Tokens.supervisor()).get("/api/audit").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/audit").then().statusCode(403);
    }

    private static UUID knownUnit(String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }
}
