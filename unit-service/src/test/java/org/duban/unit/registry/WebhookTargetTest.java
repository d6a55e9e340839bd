package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 20, no SSRF through webhook URLs: a webhook that points into the service's own network (loopback,
 * link-local such as the cloud metadata address, RFC 1918, fc00::/7, multicast, unspecified), also by a name
 * that resolves there, is refused with a 400 problem naming {@code webhookUrl}, over REST and in a bulk import.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class WebhookTargetTest {

    static final List<String> INSIDE = List.of(
            "https://127.0.0.1/hook", "https://127.8.9.10:8443/hook", "https://localhost/hook", "https://[::1]/hook",
            "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/hook",
            "https://10.1.2.3/hook", "https://172.16.0.9/hook", "https://192.168.10.1/hook", "https://[fd12:3456::1]/hook",
            "https://224.0.0.251/hook", "https://[ff02::1]/hook", "https://0.0.0.0/hook", "https://[::]/hook",
            "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:10.0.0.1]/hook", "https://no-such-host.invalid/hook");

    private static void putWebhook(String unitId, String url, int status) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("webhookUrl", url))
                .when().put("/api/units/" + unitId + "/contacts")
                .then().statusCode(status);
    }

    @Test
    void aWebhookIntoTheServicesOwnNetworkIsRefusedNamingTheField() {
        String id = UnitLifecycleTest.register("县网络安全和信息化委员会办公室", null);
        for (String url : INSIDE) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("webhookUrl", url))
                    .when().put("/api/units/" + id + "/contacts")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("webhookUrl"));
        }
        given().auth().oauth2(Tokens.admin()).when().get("/api/units/" + id).then().statusCode(200).body("version", equalTo(1));

        // a public address is accepted
        putWebhook(id, "https://203.0.113.7/hooks/duban", 200);
        given().auth().oauth2(Tokens.admin()).when().get("/api/units/" + id)
                .then().body("webhookUrl", equalTo("https://203.0.113.7/hooks/duban"));
    }

    @Test
    void aBulkImportCannotSetAnInsideWebhookEither() {
        String csv = """
                name,kind,level,webhook_url
                县网信办试点站,GOVERNMENT_DEPARTMENT,COUNTY,https://169.254.169.254/latest/meta-data/
                """;
        given().auth().oauth2(Tokens.admin()).contentType("text/csv").queryParam("atomic", true)
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/units/import")
                .then().statusCode(422).body("report[0].outcome", equalTo("REJECTED")).body("report[0].field", equalTo("webhookUrl"));
    }
}
