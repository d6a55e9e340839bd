package org.duban.unit.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.duban.events.EventJson;
import org.duban.events.Topics;
import org.duban.events.unit.UnitRegistered;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class UnitEventsTest {

    @Test
    void registeringAUnitPublishesUnitRegisteredAsACloudEventOnTheRealBroker() {
        String id = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("""
                        {"name": "县机关事务服务中心", "kind": "GOVERNMENT_DEPARTMENT", "level": "COUNTY"}""")
                .when().post("/api/units").then().statusCode(201).extract().path("id");

        var record = TopicProbe.await(Topics.UNIT_EVENTS, r -> id.equals(r.key()), Duration.ofSeconds(30));

        assertEquals("duban.unit.registered.v1", TopicProbe.header(record, "ce_type"));
        assertEquals("unit-service", TopicProbe.header(record, "ce_source"));
        assertEquals(id, TopicProbe.header(record, "ce_subject"));
        assertEquals("1.0", TopicProbe.header(record, "ce_specversion"));
        UnitRegistered event = EventJson.read(record.value(), UnitRegistered.class);
        assertEquals("县机关事务服务中心", event.name());
        assertEquals("COUNTY", event.level());

        // An outside consumer (e.g. the provincial platform) reads it with the official CloudEvents SDK.
        try (var deserializer = new io.cloudevents.kafka.CloudEventDeserializer()) {
            io.cloudevents.CloudEvent ce = deserializer.deserialize(record.topic(), record.headers(),
                    record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(io.cloudevents.SpecVersion.V1, ce.getSpecVersion());
            assertEquals("duban.unit.registered.v1", ce.getType());
            assertEquals(java.net.URI.create("unit-service"), ce.getSource());
            assertEquals(id, ce.getSubject());
            assertEquals("application/json", ce.getDataContentType());
            assertEquals(TopicProbe.header(record, "ce_id"), ce.getId());
            org.junit.jupiter.api.Assertions.assertNotNull(ce.getTime(), "time attribute");
            assertEquals(event, EventJson.read(new String(ce.getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    UnitRegistered.class));
        }
    }
}
