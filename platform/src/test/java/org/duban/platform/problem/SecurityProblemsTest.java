package org.duban.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;

/**
 * The security layer's own refusals are RFC 9457 problems like every other client error (issue 22): no token, a token
 * that fails verification (garbage, another audience) and a token without the role each answer
 * {@code application/problem+json} with the status, and a 401 still carries its {@code WWW-Authenticate: Bearer}
 * challenge. (Before, quarkus-oidc and Quarkus' security mappers answered 401 and 403 with an empty body.)
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class SecurityProblemsTest {

    @Test
    void noTokenIsA401Problem() {
        problem(given().get("/api/me"), 401).header("WWW-Authenticate", containsString("Bearer"));
        problem(given().get("/probe/admin-only"), 401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void aTokenThatFailsVerificationIsA401Problem() {
        problem(given().auth().oauth2("not.a.token").get("/api/me"), 401).header("WWW-Authenticate", containsString("Bearer"));
        problem(given().auth().oauth2(Tokens.forAudience("another-application", "admin", "admin")).get("/probe/admin-only"), 401)
                .header("WWW-Authenticate", containsString("Bearer"));
        // outside Quarkus REST too: proactive authentication refuses a bad token on the operators' probes
        problem(given().auth().oauth2("not.a.token").get("/q/health/live"), 401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void aTokenWithoutTheRoleIsA403Problem() {
        problem(given().auth().oauth2(Tokens.supervisor()).get("/probe/admin-only"), 403);
        given().auth().oauth2(Tokens.admin()).get("/probe/admin-only").then().statusCode(200).body(equalTo("admin"));
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("title", not(equalTo(""))).body(not(containsString("io.quarkus")));
    }
}
