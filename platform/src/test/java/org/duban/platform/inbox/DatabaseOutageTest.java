package org.duban.platform.inbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.duban.platform.probe.Probe;
import org.duban.platform.probe.ProbeConsumer;
import org.duban.testing.RealInfrastructure;

/**
 * PostgreSQL stopped for longer than the commit strategy's unprocessed-record age (shortened to 4 s in the tests'
 * configuration; 60 s by default) while events flow: both consumers (in batches and one by one) wait and resume by
 * themselves when it is back; nothing is dead-lettered and every effect happens once.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class DatabaseOutageTest {

    @Inject
    EntityManager em;

    @Test
    void consumersWaitOutAnOutageLongerThanTheUnprocessedRecordAgeAndResumeByThemselves() {
        List<UUID> before = Probe.send(Probe.TOPIC, 50);
        List<UUID> beforeSingle = Probe.send(Probe.SINGLE_TOPIC, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> Probe.effects(em, ProbeConsumer.BATCHES, before) == 50
                && Probe.effects(em, ProbeConsumer.SINGLES, beforeSingle) == 20);

        RealInfrastructure.postgres().stop();
        Instant stopped = Instant.now();
        List<UUID> during = new ArrayList<>();
        List<UUID> duringSingle = new ArrayList<>();
        try {
            during.addAll(Probe.send(Probe.TOPIC, 200));
            duringSingle.addAll(Probe.send(Probe.SINGLE_TOPIC, 30));
            // readiness tells of the wait (a consumer waits, it has not stopped)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'event consumers' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'event consumers' }.data", hasKey(ProbeConsumer.BATCHES)));
            // the outage lasts three times the unprocessed-record age
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(12)) > 0);
            during.addAll(Probe.send(Probe.TOPIC, 100));
        } finally {
            RealInfrastructure.postgres().start();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Probe.effects(em, ProbeConsumer.BATCHES, during) >= 300
                        && Probe.effects(em, ProbeConsumer.SINGLES, duringSingle) >= 30);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        List<UUID> after = Probe.send(Probe.TOPIC, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> Probe.effects(em, ProbeConsumer.BATCHES, after) == 20);
        assertEquals(300, Probe.effects(em, ProbeConsumer.BATCHES, during), "each effect once");
        assertEquals(30, Probe.effects(em, ProbeConsumer.SINGLES, duringSingle), "each effect once");
        assertEquals(50, Probe.effects(em, ProbeConsumer.BATCHES, before), "nothing applied twice");
        assertEquals(0, Probe.records(Probe.TOPIC + ".dlq"), "nothing dead-lettered");
        assertEquals(0, Probe.records(Probe.SINGLE_TOPIC + ".dlq"), "nothing dead-lettered");
    }
}
