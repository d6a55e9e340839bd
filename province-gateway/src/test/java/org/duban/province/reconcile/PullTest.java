package org.duban.province.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
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

/** The one-way network: the county pulls the province's changes and applies them as if pushed, once. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class PullTest {

    @Inject
    Puller puller;

    private final ProvinceSim sim = Province.sim();

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(Province.CLOCK, Clock.class);
        sim.mode(Mode.NORMAL);
    }

    private void pullAll() throws Exception {
        String url = sim.baseUrl() + ProvinceSim.CHANGES_PATH;
        for (int i = 0; i < 100 && puller.pullOnce(url) > 0; i++) {
            // page on until the feed is drained
        }
    }

    @Test
    void aPulledMessageTakesEffectOnceEvenWhenItIsPushedToo() throws Exception {
        String task = "P-" + UUID.randomUUID().toString().substring(0, 8);
        String msgId = "HN-" + UUID.randomUUID();
        Answer feedOnly = sim.send("TASK_ISSUE", task, Map.of("title", "单向网络下发的任务"), SendOptions.defaults().msgId(msgId).feedOnly());
        assertEquals(0, feedOnly.status(), "written to the feed, not pushed");
        assertEquals(0, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId));

        pullAll();
        assertEquals(1, Db.count("select count(*) from inbound_message where msg_id = ?1 and via = 'PULL'", msgId));
        assertEquals(1, Db.count("select count(*) from outbox_event where aggregate_id = ?1", task));

        Answer pushed = sim.resend(msgId);
        assertTrue(pushed.ok(), pushed.body());
        pullAll();
        assertEquals(1, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId));
        assertEquals(1, Db.count("select count(*) from outbox_event where aggregate_id = ?1", task), "one effect");
    }
}
