package org.duban.unit.group;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Issue 22: the supervision office (县政府督查室) is never supervised by itself. It sits under the county
 * government like every county department, so the rule of 县直相关单位 selects it; the configured exclusion
 * (duban.unit.groups.excluded-units) keeps it out of every group's members — by rule or listed explicitly —
 * in the group API and in name resolution, which is what task-service assigns from.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class SupervisionOfficeExcludedTest {

    private static final String OFFICE = "县政府督查室";

    @Test
    void groupExpansionNeverYieldsTheSupervisionOffice() {
        List<Map<String, Object>> groups = given().auth().oauth2(Tokens.supervisor()).when().get("/api/unit-groups")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> countyUnits = groups.stream().filter(g -> "县直相关单位".equals(g.get("name"))).findFirst().orElseThrow();
        String groupId = (String) countyUnits.get("id");
        given().auth().oauth2(Tokens.supervisor()).when().get("/api/unit-groups/" + groupId)
                .then().statusCode(200).body("members.name", hasItem("县政务服务中心")).body("members.name", not(hasItem(OFFICE)));

        JsonPath resolved = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("text", "县直相关单位按职责分工负责", "level", "COUNTY"))
                .when().post("/api/units/resolve").then().statusCode(200).extract().jsonPath();
        List<String> members = resolved.getList("fragments[0].group.members.name");
        org.junit.jupiter.api.Assertions.assertTrue(members.contains("县政务服务中心"), members.toString());
        org.junit.jupiter.api.Assertions.assertFalse(members.contains(OFFICE), members.toString());

        // listed explicitly, it is left out too
        String officeId = given().auth().oauth2(Tokens.leader()).queryParam("q", OFFICE).when().get("/api/units")
                .then().statusCode(200).extract().path("items.find { it.name == '" + OFFICE + "' }.id");
        String educationId = "3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c03";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "县督查联络组", "level", "COUNTY", "memberIds", List.of(officeId, educationId)))
                .when().post("/api/unit-groups")
                .then().statusCode(201).body("members.name", hasItem("县教育局")).body("members.name", not(hasItem(OFFICE)));
    }
}
