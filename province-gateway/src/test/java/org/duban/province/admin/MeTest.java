package org.duban.province.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.duban.province.support.Province;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /api/me} (platform's MeResource, the same on every service): the caller as the token says. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class MeTest {

    @Test
    void theCallerSeesItsRolesAndUnitFromTheTokenAndATokenForAnotherAudienceIsRefused() {
        UUID unit = UUID.randomUUID();
        given().auth().oauth2(Tokens.officerOf(unit)).get("/api/me").then().statusCode(200)
                .body("username", equalTo("officer-" + unit)).body("roles", equalTo(List.of("unit-officer")))
                .body("unitId", equalTo(unit.toString())).body("unitOfficer", equalTo(true));
        given().auth().oauth2(Tokens.forRole("auditor", "auditor")).get("/api/me").then().statusCode(200)
                .body("roles", equalTo(List.of("auditor"))).body("unitId", nullValue()).body("unitOfficer", equalTo(false));
        given().auth().oauth2(Tokens.supervisor()).get("/api/me").then().statusCode(200).body("roles", equalTo(List.of("supervisor")));
        given().get("/api/me").then().statusCode(401);
        given().auth().oauth2(Tokens.forAudience("another-app", "supervisor", "supervisor")).get("/api/me").then().statusCode(401);
    }
}
