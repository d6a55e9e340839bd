package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** GET /api/province/changes (§7): signed, in order, paged by cursor, a message once however often it is sent. */
class ChangesFeedTest {

    final MutableClock clock = new MutableClock(Instant.parse("2021-08-01T01:30:00Z"));
    TwoSims sims;

    @BeforeEach
    void start() {
        sims = new TwoSims(clock);
    }

    @AfterEach
    void stop() {
        sims.close();
    }

    @Test
    void pagesThroughEverythingTheProvinceSentInOrder() {
        List<String> sent = new ArrayList<>();
        for (SeedTask t : SeedTasks.all().subList(0, 5)) {
            sent.add(sims.province.send("TASK_ISSUE", t.provTaskId(), t.issuePayload(), SendOptions.defaults().feedOnly()).sentMsgId());
        }
        sent.add(sims.province.urge("HN2021-ZWFW-01", "请加快", null).sentMsgId()); // pushed and in the feed
        sent.add(sims.province.supervise("HN2021-ZWFW-02", "RED", "滞后").sentMsgId());
        sims.province.resend(sent.get(5)); // the same msgId again: still one entry
        assertEquals(0, sims.county.received().stream().filter(r -> r.msgType().equals("TASK_ISSUE")).count(),
                "feed-only messages were not pushed");

        List<String> pulled = new ArrayList<>();
        List<Long> cursors = new ArrayList<>();
        long since = 0;
        List<Long> nexts = new ArrayList<>();
        while (true) {
            ProvinceSim.Pulled page = sims.county.pullChanges(since, 3);
            assertEquals(200, page.status(), String.valueOf(page.body()));
            assertEquals(0, page.body().get("code").asInt());
            JsonNode items = page.body().get("items");
            for (JsonNode item : items) {
                cursors.add(item.get("cursor").asLong());
                pulled.add(item.get("message").get("msgId").asText());
            }
            since = page.body().get("next").asLong();
            nexts.add(since);
            if (items.isEmpty()) {
                break;
            }
        }
        assertEquals(sent, pulled);
        assertEquals(IntStream.rangeClosed(1, 7).asLongStream().boxed().toList(), cursors);
        assertEquals(List.of(3L, 6L, 7L, 7L), nexts);
        assertEquals("HN2021-ZWFW-01", sims.county.pullChanges(0, 1).body().get("items").get(0).get("message").get("provTaskId").asText());
    }

    @Test
    void refusesBadSignaturesAndBadParameters() {
        ProvinceSim.Pulled bad = sims.county.pullChanges(0, 10, SendOptions.defaults().badSignature());
        assertEquals(401, bad.status());
        assertEquals(1, bad.body().get("code").asInt());
        ProvinceSim.Pulled sm2 = sims.county.pullChanges(0, 10, SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2));
        assertEquals(200, sm2.status());
        assertTrue(sm2.body().get("items").isEmpty());
        assertEquals(0, sm2.body().get("next").asLong());
        for (int limit : new int[] {0, 501}) {
            ProvinceSim.Pulled p = sims.county.pullChanges(0, limit);
            assertEquals(400, p.status());
            assertEquals("limit: must be 1 to 500", p.body().get("msg").asText());
        }
        ProvinceSim.Pulled negative = sims.county.pullChanges(-1, 10);
        assertEquals(400, negative.status());
        assertTrue(negative.body().get("msg").asText().startsWith("since:"));
        sims.province.mode(Mode.REFUSE);
        assertEquals(503, sims.county.pullChanges(0, 10).status());
    }
}
