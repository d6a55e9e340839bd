package org.duban.task;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.duban.events.unit.UnitRegistered;
import org.duban.task.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class UnitReplicaTest {

    @Test
    void aUnitRegisteredOnTheBrokerReachesTheReplica() {
        UUID unitId = UUID.randomUUID();
        TopicProbe.publish(new UnitRegistered(unitId, "县数据资源局", List.of(), "GOVERNMENT_DEPARTMENT", "COUNTY", null),
                "unit-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.findById(unitId) != null));
        assertEquals("县数据资源局", QuarkusTransaction.requiringNew().call(() -> UnitReplica.<UnitReplica> findById(unitId).name));
    }
}
