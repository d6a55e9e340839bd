package org.duban.platform.inbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.duban.events.EventType;
import org.duban.platform.probe.Probe;
import org.duban.platform.probe.ProbeConsumer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;

/**
 * Records dead-lettered by a bug (the probe's test switch), one by one (SmallRye's strategy) and in a batch
 * (DeadLetters); the bug fixed; an administrator lists the dead-letter topic and replays chosen records: each applied
 * once, and once only however often it is replayed; the others stay dead-lettered.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class DeadLetterReplayTest {

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    private static List<Map<String, Object>> letters(String topic, List<UUID> ids) {
        List<Map<String, Object>> all = given().auth().oauth2(Tokens.admin()).queryParam("topic", topic).queryParam("limit", 1000)
                .get("/api/admin/dead-letters").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(l -> l.get("eventId") != null && ids.contains(UUID.fromString((String) l.get("eventId")))).toList();
    }

    private static List<Map<String, Object>> replay(String topic, List<Map<String, Object>> chosen) {
        List<Map<String, Object>> records = chosen.stream()
                .map(l -> Map.<String, Object>of("partition", l.get("partition"), "offset", l.get("offset"))).toList();
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("topic", topic, "records", records)).post("/api/admin/dead-letters/replay")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private double duplicates(String consumer) {
        var counter = meters.find("duban.inbox.duplicates").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void recordsDeadLetteredByABugAreReplayedAfterTheFixAndAppliedOnce() {
        List<UUID> singles;
        List<UUID> batched;
        ProbeConsumer.BUG.set(true);
        try {
            singles = Probe.send(Probe.SINGLE_TOPIC, 3);
            batched = Probe.send(Probe.TOPIC, 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> letters(Probe.SINGLE_TOPIC, singles).size() == 3
                    && letters(Probe.TOPIC, batched).size() == 2);
        } finally {
            ProbeConsumer.BUG.set(false); // the bug is fixed
        }
        List<Map<String, Object>> dead = letters(Probe.SINGLE_TOPIC, singles);
        for (Map<String, Object> letter : dead) {
            assertEquals(Probe.SINGLE_TOPIC, letter.get("topic"));
            assertEquals(EventType.WARNING_ISSUED.type(), letter.get("type"));
            assertNotNull(letter.get("originalPartition"));
            assertNotNull(letter.get("originalOffset"));
            assertEquals("the probe's effect has a bug (test switch)", letter.get("reason"));
        }
        assertEquals(0, Probe.effects(em, ProbeConsumer.SINGLES, singles));

        List<Map<String, Object>> chosen = dead.subList(0, 2);
        List<UUID> chosenIds = chosen.stream().map(l -> UUID.fromString((String) l.get("eventId"))).toList();
        UUID left = singles.stream().filter(id -> !chosenIds.contains(id)).findFirst().orElseThrow();
        assertEquals(2, replay(Probe.SINGLE_TOPIC, chosen).size());
        await().atMost(Duration.ofSeconds(30)).until(() -> Probe.effects(em, ProbeConsumer.SINGLES, chosenIds) == 2);

        // replayed again: the consumer meets events it applied, and drops them
        double before = duplicates(ProbeConsumer.SINGLES);
        replay(Probe.SINGLE_TOPIC, chosen);
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates(ProbeConsumer.SINGLES) >= before + 2);
        assertEquals(1, Probe.effects(em, ProbeConsumer.SINGLES, List.of(chosenIds.get(0))));
        assertEquals(1, Probe.effects(em, ProbeConsumer.SINGLES, List.of(chosenIds.get(1))));
        assertEquals(0, Probe.effects(em, ProbeConsumer.SINGLES, List.of(left)), "not chosen, not replayed");

        // a batch consumer's dead letter (written by DeadLetters) replays the same way
        replay(Probe.TOPIC, letters(Probe.TOPIC, batched));
        await().atMost(Duration.ofSeconds(30)).until(() -> Probe.effects(em, ProbeConsumer.BATCHES, batched) == 2);

        given().auth().oauth2(Tokens.admin()).queryParam("topic", "duban.somebody.elses").get("/api/admin/dead-letters")
                .then().statusCode(400).body("detail", containsString("topic"));
        given().auth().oauth2(Tokens.supervisor()).queryParam("topic", Probe.TOPIC).get("/api/admin/dead-letters")
                .then().statusCode(403);
    }
}
