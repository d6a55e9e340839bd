package org.duban.platform.inbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.platform.probe.Probe;
import org.duban.platform.probe.ProbeConsumer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;

/**
 * A record that fails while the service stops (the persistence unit closing under it) is held: not dead-lettered and
 * not acknowledged, for as long as the stop lasts. Here the stop is called off (a test switch), so the held records
 * then take the usual way — which shows they were held, not dropped. Before, they were dead-lettered at once.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class StoppingTest {

    private static List<Map<String, Object>> letters(String topic, List<UUID> ids) {
        List<Map<String, Object>> all = given().auth().oauth2(Tokens.admin()).queryParam("topic", topic).queryParam("limit", 1000)
                .get("/api/admin/dead-letters").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(l -> l.get("eventId") != null && ids.contains(UUID.fromString((String) l.get("eventId")))).toList();
    }

    @Test
    void aFailureWhileTheServiceStopsIsHeldNotDeadLettered() throws Exception {
        ProbeConsumer.BUG.set(true); // stands for "EntityManagerFactory is closed"
        Stopping.set(true);
        List<UUID> singles;
        List<UUID> batched;
        try {
            singles = Probe.send(Probe.SINGLE_TOPIC, 2);
            batched = Probe.send(Probe.TOPIC, 2);
            // long enough for both consumers to have failed on them several times over
            await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertEquals(0, letters(Probe.SINGLE_TOPIC, singles).size(), "held, not dead-lettered");
            assertEquals(0, letters(Probe.TOPIC, batched).size(), "held, not dead-lettered");
        } finally {
            Stopping.set(false);
        }
        // the stop called off, with the bug still there: now (and only now) they are dead-lettered
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> letters(Probe.SINGLE_TOPIC, singles).size() == 2
                    && letters(Probe.TOPIC, batched).size() == 2);
        } finally {
            ProbeConsumer.BUG.set(false);
        }
    }
}
