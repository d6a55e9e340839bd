package org.duban.province.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.province.support.Db;
import org.duban.province.support.Province;
import org.duban.provincesim.Answer;
import org.duban.provincesim.Mode;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.SendOptions;
import org.duban.testing.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** How long the gateway remembers: a nonce for its 10 minutes, an accepted message (and its answer) for 30 days, never under 7. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class RetentionTest {

    @Inject
    Housekeeping housekeeping;

    private final ProvinceSim sim = Province.sim();

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(Province.CLOCK, Clock.class);
        sim.mode(Mode.NORMAL);
    }

    @Test
    void aNonceIsRefusedForTenMinutesAndAMessageIsRememberedForThirtyDays() {
        String task = "R-" + UUID.randomUUID().toString().substring(0, 8);
        String nonce = "retention-" + UUID.randomUUID().toString().replace("-", "");
        String msgId = "HN-" + UUID.randomUUID();
        assertTrue(sim.send("TASK_ISSUE", task, Map.of("title", "保留期限"), SendOptions.defaults().msgId(msgId).nonce(nonce)).ok());

        Province.CLOCK.advance(Duration.ofMinutes(9));
        Answer early = sim.send("URGE", task, Map.of("reason", "九分钟后同一随机数"), SendOptions.defaults().nonce(nonce));
        assertEquals(1, early.code(), early.body());
        Province.CLOCK.advance(Duration.ofMinutes(2));
        Answer late = sim.send("URGE", task, Map.of("reason", "十一分钟后同一随机数"), SendOptions.defaults().nonce(nonce));
        assertTrue(late.ok(), "the window is over: " + late.body());

        housekeeping.sweep();
        assertEquals(1, Db.count("select count(*) from inbound_nonce where nonce = ?1", nonce), "taken again: its new window runs");

        Province.CLOCK.advance(Duration.ofDays(8));
        housekeeping.sweep();
        assertEquals(0, Db.count("select count(*) from inbound_nonce where nonce = ?1", nonce), "expired nonces are forgotten");
        Answer week = sim.resend(msgId);
        assertEquals("{\"code\":0,\"msg\":\"ok\",\"msgId\":\"" + msgId + "\"}", week.body(), "after 8 days: the stored answer");
        assertEquals(1, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId));

        Province.CLOCK.advance(Duration.ofDays(23));
        housekeeping.sweep();
        assertEquals(0, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId), "forgotten after 30 days");
        assertEquals(1, Db.count("select count(*) from provincial_task where prov_task_id = ?1", task), "the task register stays");
    }
}
