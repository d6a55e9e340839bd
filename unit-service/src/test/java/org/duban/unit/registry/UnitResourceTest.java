package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class UnitResourceTest {

    @Test
    void withoutATokenTheApiAnswers401() {
        given().when().get("/api/units").then().statusCode(401);
    }

    @Test
    void onlyAnAdminRegistersUnits() {
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"name": "县粮食和物资储备局", "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""")
                .when().post("/api/units").then().statusCode(403);
    }

    @Test
    void aRegisteredUnitIsStoredInPostgresAndReadBack() throws Exception {
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"name": "县大数据中心", "aliases": ["县数据中心"], "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""")
                .when().post("/api/units")
                .then().statusCode(201).body("name", equalTo("县大数据中心"))
                .extract().path("id");

        // straight from the database, through the Flyway-created tables
        try (var c = RealInfrastructure.postgres().connect("duban_unit");
                var s = c.prepareStatement("select u.name, n.name from unit u join unit_name n on n.unit_id = u.id and not n.canonical where u.id = ?")) {
            s.setObject(1, UUID.fromString(id));
            var rs = s.executeQuery();
            assertTrue(rs.next(), "unit row written");
            assertEquals("县大数据中心", rs.getString(1));
            assertEquals("县数据中心", rs.getString(2));
        }
        try (var c = RealInfrastructure.postgres().connect("duban_unit");
                var rs = c.createStatement().executeQuery("select count(*) from flyway_schema_history where success")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 2, "platform and unit-service migrations applied");
        }

        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + id)
                .then().statusCode(200).body("aliases", contains("县数据中心")).body("level", equalTo("COUNTY"));
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).when().get("/api/units?size=500")
                .then().statusCode(200).body("items.name", hasItem("县大数据中心"));
    }

    @Test
    void aBlankNameIsAProblemNamingTheField() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"name": " ", "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""")
                .when().post("/api/units")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", hasItem("name"));
    }

    @Test
    void anUnknownKindIsAProblemNamingTheField() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"name": "县航天局", "kind": "SPACESHIP", "level": "COUNTY"}""")
                .when().post("/api/units")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("kind"));
    }

    @Test
    void aNameOrAliasAlreadyTakenIsAConflict() {
        String body = """
                {"name": "县人民防空办公室", "aliases": ["县人防办"], "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/units").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"name": "县人防办", "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""")
                .when().post("/api/units")
                .then().statusCode(409).contentType("application/problem+json").body("field", equalTo("name"));
    }

    @Test
    void healthMetricsAndOpenApiArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200).body("paths", org.hamcrest.Matchers.hasKey("/api/units"));
    }
}
