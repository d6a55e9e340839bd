package org.duban.platform.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.testing.RealInfrastructure;

/**
 * Every service's malformed path or query parameter is a 400 problem naming the parameter (JAX-RS alone answers a
 * bare 404 for a bad path UUID and reads any unknown text as {@code false}); well-formed and absent values pass.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class ParameterProblemsTest {

    private static final String ID = "3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01";

    @Test
    void aMalformedParameterIsA400ProblemNamingIt() {
        refused("/probe/parameters/not-a-uuid", "id");
        refused("/probe/parameters/1-2-3-4-5", "id");
        refused("/probe/parameters/" + ID + "?colour=blue", "colour");
        refused("/probe/parameters/" + ID + "?open=maybe", "open");
        refused("/probe/parameters/" + ID + "?limit=first", "limit");
    }

    @Test
    void wellFormedAndAbsentValuesPass() {
        given().get("/probe/parameters/" + ID + "?colour=red&open=TRUE&limit=5").then().statusCode(200)
                .body(equalTo(ID + " RED true 5"));
        given().get("/probe/parameters/" + UUID.fromString(ID) + "?limit=").then().statusCode(200)
                .body(equalTo(ID + " null null null"));
    }

    private static void refused(String path, String parameter) {
        given().get(path).then().statusCode(400).contentType("application/problem+json")
                .body(containsString(parameter)).body(not(containsString("java.")));
    }
}
