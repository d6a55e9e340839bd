package org.duban.platform.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.platform.probe.Probe;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;

/**
 * No OTLP endpoint configured: requests still carry their trace context, but no span is exported — nothing connects
 * to the OTLP default address (127.0.0.1:4317, watched by {@link OtlpCollectorStandIn}) in longer than the span
 * processor's export delay (5 s). Before platform left the endpoint blank, the exporter connected there.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
@WithTestResource(OtlpCollectorStandIn.class)
class NoCollectorNoExportTest {

    @Test
    void spansAreMadeButNotExportedWhereNoEndpointIsConfigured() {
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(Tokens.admin()).header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                    .queryParam("topic", Probe.TOPIC).get("/api/admin/dead-letters").then().statusCode(200);
        }
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                .until(() -> OtlpCollectorStandIn.CONNECTIONS.get() == 0);
    }
}
