package org.duban.supervision;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.events.task.TaskAssigned;
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
import io.restassured.http.ContentType;

/**
 * Issue 22: cards, inspections, findings, rectification reports, bulletins and referrals name units the unit replica
 * knows and tasks the read model knows, and their free text and lists are bounded (the documented limits): otherwise
 * 400 naming the field, and nothing is created.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class InputValidationTest {

    private static final String HUGE = "长".repeat(100_000);
    private final TestClock clock = new TestClock(Instant.parse("2022-01-10T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aCardNamesAKnownUnitAndTaskAndABoundedReason() {
        UUID unit = knownUnit("县交通运输局");
        UUID task = knownTask(unit);
        refused(Tokens.supervisor(), "/api/warnings", Map.of("unitId", UUID.randomUUID().toString(), "color", "RED", "reason", "未按期完成"),
                "unitId");
        refused(Tokens.supervisor(), "/api/warnings", Map.of("unitId", unit.toString(), "color", "RED", "reason", "未按期完成",
                "taskId", UUID.randomUUID().toString()), "taskId");
        refused(Tokens.supervisor(), "/api/warnings", Map.of("unitId", unit.toString(), "color", "RED", "reason", HUGE), "reason");
        assertEquals(0, given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$").size(), "nothing created");
        String card = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", "RED", "reason", "未按期完成", "taskId", task.toString())).post("/api/warnings")
                .then().statusCode(201).extract().path("warningId");
        refused(Tokens.supervisor(), "/api/warnings/" + card + "/lift", Map.of("reason", HUGE), "reason");
    }

    @Test
    void anInspectionNamesKnownUnitsAndTasksWithinTheLimits() {
        UUID unit = knownUnit("县住房和城乡建设局");
        UUID task = knownTask(unit);
        Map<String, Object> ok = new HashMap<>(Map.of("title", "专项督查", "kind", "REGULAR", "startsAt", "2022-01-11T01:00:00Z",
                "unitIds", List.of(unit.toString()), "taskIds", List.of(task.toString())));
        refused(Tokens.supervisor(), "/api/inspections", with(ok, "unitIds", List.of(UUID.randomUUID().toString())), "unitIds");
        refused(Tokens.supervisor(), "/api/inspections", with(ok, "taskIds", List.of(UUID.randomUUID().toString())), "taskIds");
        refused(Tokens.supervisor(), "/api/inspections", with(ok, "sectionIds", List.of(UUID.randomUUID().toString())), "sectionIds");
        refused(Tokens.supervisor(), "/api/inspections", with(ok, "title", HUGE), "title");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(UUID.randomUUID().toString());
        }
        refused(Tokens.supervisor(), "/api/inspections", with(ok, "unitIds", many), "unitIds");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(with(ok, "checklist", List.of(HUGE)))
                .post("/api/inspections").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", startsWith("checklist"));
        assertEquals(0, given().auth().oauth2(Tokens.supervisor()).get("/api/inspections").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.unitIds.contains('" + unit + "') }").size(), "nothing created");

        String inspection = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(ok).post("/api/inspections")
                .then().statusCode(201).extract().path("inspectionId");
        clock.set(Instant.parse("2022-01-12T01:00:00Z"));
        refused(Tokens.supervisor(), "/api/inspections/" + inspection + "/findings", Map.of("unitId", unit.toString(), "text", HUGE), "text");
        refused(Tokens.supervisor(), "/api/inspections/" + inspection + "/findings",
                Map.of("unitId", unit.toString(), "text", "台账不全", "taskId", UUID.randomUUID().toString()), "taskId");
        refused(Tokens.supervisor(), "/api/inspections/" + inspection + "/findings", Map.of("unitId", unit.toString(), "text", "台账不全",
                "rectification", Map.of("requirement", HUGE, "dueAt", "2022-02-01T01:00:00Z")), "rectification.requirement");
        Map<String, Object> finding = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "text", "台账不全",
                        "rectification", Map.of("requirement", "补齐台账", "dueAt", "2022-02-01T01:00:00Z")))
                .post("/api/inspections/" + inspection + "/findings").then().statusCode(201).extract().jsonPath().getMap("$");
        String findingId = (String) finding.get("findingId");
        String rect = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/rectifications?unitId=" + unit).then().statusCode(200)
                .extract().path("[0].rectificationId");
        refused(Tokens.officerOf(unit), "/api/findings/" + findingId + "/response", Map.of("text", HUGE), "text");
        refused(Tokens.officerOf(unit), "/api/rectifications/" + rect + "/report", Map.of("text", HUGE), "text");
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/rectifications?unitId=" + unit).then().statusCode(200)
                .body("[0].status", equalTo("ORDERED"));
    }

    @Test
    void bulletinsAndReferralsAreBounded() {
        UUID unit = knownUnit("县审计局");
        String bulletin = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("periodStart", "2022-01-01", "periodEnd", "2022-01-31", "title", "一月通报")).post("/api/bulletins").then()
                .statusCode(201).extract().path("bulletinId");
        refused(Tokens.supervisor(), "/api/bulletins", Map.of("periodStart", "2022-01-01", "periodEnd", "2022-01-31", "title", HUGE), "title");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(Map.of("title", "一月通报", "text", HUGE + HUGE))
                .put("/api/bulletins/" + bulletin).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
        refused(Tokens.supervisor(), "/api/referrals", Map.of("unitId", UUID.randomUUID().toString(), "basis", "红牌 2 张"), "unitId");
        refused(Tokens.supervisor(), "/api/referrals", Map.of("unitId", unit.toString(), "basis", HUGE), "basis");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static void refused(String token, String path, Map<String, ?> body, String field) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field));
    }

    private static UUID knownUnit(String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }

    /** A task the read model knows (its assignment to the unit); waits until it is there. */
    private static UUID knownTask(UUID unit) {
        UUID task = UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(UUID.randomUUID(), task, "公路养护", unit, "LEAD", null, Instant.parse("2021-07-01T02:00:00Z")),
                "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor()).get("/api/status?taskId=" + task)
                .then().statusCode(200).extract().jsonPath().getList("$").size() == 1);
        return task;
    }
}
