package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 20: the integration role (the provincial link) reads what the link needs — names, ids, kinds, levels,
 * the hierarchy — and no officer's phone number, e-mail address or webhook URL.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class IntegrationReadsNoContactsTest {

    @Test
    void theIntegrationRoleSeesNoContactsOrWebhook() {
        String id = UnitLifecycleTest.register("县档案馆", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"contacts": [{"name": "赵六", "role": "DUTY_CONTACT", "phone": "13900000000", "email": "zhao@example.cn"}],
                         "webhookUrl": "https://203.0.113.8/hooks/duban"}""")
                .when().put("/api/units/" + id + "/contacts").then().statusCode(200);

        given().auth().oauth2(Tokens.integration()).when().get("/api/units/" + id)
                .then().statusCode(200).body("name", equalTo("县档案馆")).body("level", equalTo("COUNTY"))
                .body("kind", equalTo("GOVERNMENT_DEPARTMENT"))
                .body("contacts", nullValue()).body("webhookUrl", nullValue());
        given().auth().oauth2(Tokens.integration()).queryParam("q", "县档案馆").when().get("/api/units")
                .then().statusCode(200).body("items.name", contains("县档案馆"))
                .body("items.contacts", everyItem(nullValue())).body("items.webhookUrl", everyItem(nullValue()));

        // the supervision office and the leaders still reach the unit's officers
        given().auth().oauth2(Tokens.supervisor()).when().get("/api/units/" + id)
                .then().statusCode(200).body("contacts[0].phone", equalTo("13900000000")).body("webhookUrl", notNullValue());
        given().auth().oauth2(Tokens.leader()).when().get("/api/units/" + id)
                .then().statusCode(200).body("contacts[0].email", equalTo("zhao@example.cn"));
    }
}
