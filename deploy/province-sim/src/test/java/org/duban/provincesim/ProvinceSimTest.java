package org.duban.provincesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Two instances, one playing the county, round-trip signed messages over real HTTP, and every refusal of §2–§6. */
class ProvinceSimTest {

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

    static Map<String, Object> progress(int percent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("period", "2021-09");
        p.put("percent", percent);
        p.put("narrative", "已实现130项");
        p.put("figures", List.of(Map.of("name", "已实现事项", "value", 130, "target", 138, "measure", "项")));
        return p;
    }

    @Test
    void countyPushHmacSm3IsVerifiedRecordedAndAnswered() {
        Answer a = sims.county.send("PROGRESS", "HN2021-ZWFW-06", progress(60));
        assertTrue(a.ok(), a.toString());
        assertEquals(a.sentMsgId(), a.msgId());
        List<Received> got = sims.province.accepted();
        assertEquals(1, got.size());
        Received r = got.get(0);
        assertEquals(Received.Outcome.ACCEPTED, r.outcome());
        assertTrue(r.signatureVerified());
        assertEquals("PROGRESS", r.msgType());
        assertEquals("HN2021-ZWFW-06", r.provTaskId());
        assertEquals(a.sentMsgId(), r.msgId());
        assertEquals(60, r.payload().get("percent").asInt());
        assertEquals(130, r.payload().get("figures").get(0).get("value").asInt());
        assertEquals(Settings.DEMO_COUNTY_APP_KEY, r.appKey());
        assertEquals(clock.instant(), r.at());
        assertEquals("20210801093000", r.envelope().get("sendTime").asText(), "Beijing time");
    }

    @Test
    void listenersHearEveryArrivalWithItsWallTime() {
        List<Received> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<Received> listener = heard::add;
        sims.province.addListener(listener);
        Instant before = Instant.now();
        sims.county.send("PROGRESS", "HN2021-ZWFW-06", progress(1), "CNTY-L1");
        sims.county.resend("CNTY-L1");
        sims.county.send("PROGRESS", "HN2021-ZWFW-06", progress(1), SendOptions.defaults().badSignature());
        assertEquals(sims.province.attempts(), heard, "heard before the answer, in order");
        assertTrue(!heard.get(0).wallTime().isBefore(before));
        assertEquals(clock.instant(), heard.get(0).at(), "at follows the configured clock");
        sims.province.removeListener(listener);
        sims.county.send("RECEIPT", "HN2021-ZWFW-06", Map.of());
        assertEquals(3, heard.size());
    }

    @Test
    void countyPushSm3WithSm2Verifies() {
        Answer a = sims.county.send("RECEIPT", "HN2021-ZWFW-06", Map.of("signedAt", "20210801093000", "signedBy", "中方县政务局"),
                SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2));
        assertTrue(a.ok(), a.toString());
        Received r = sims.province.accepted().get(0);
        assertEquals("SM3withSM2", r.signMethod());
        assertTrue(r.signatureVerified());
    }

    @Test
    void provinceIssueReachesTheCountyWithBothMethods() {
        assertTrue(sims.province.issue("HN2021-ZWFW-06").ok());
        assertTrue(sims.province.send("URGE", "HN2021-ZWFW-06", Map.of("reason", "请加快"),
                SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2)).ok());
        List<Received> got = sims.county.accepted();
        assertEquals(List.of("TASK_ISSUE", "URGE"), got.stream().map(Received::msgType).toList());
        assertEquals("（六）", got.get(0).payload().get("taskNumber").asText());
        assertTrue(got.get(0).payload().get("documentNumber").isNull());
        assertEquals(Settings.DEMO_PROVINCE_ORG, got.get(0).envelope().get("senderOrg").asText());
        assertEquals(Settings.DEMO_COUNTY_ORG, got.get(0).envelope().get("receiverOrg").asText());
        assertEquals(Set.of("HN2021-ZWFW-06"), sims.province.issuedTasks());
    }

    @Test
    void sameMsgIdTwiceGetsTheSameAnswerAndOneEffect() {
        Answer first = sims.county.send("PROGRESS", "HN2021-ZWFW-06", progress(60), "CNTY-0001");
        Answer again = sims.county.resend("CNTY-0001");
        Answer third = sims.county.send("PROGRESS", "HN2021-ZWFW-06", progress(99), "CNTY-0001");
        assertEquals(first.body(), again.body());
        assertEquals(first.body(), third.body());
        assertEquals(3, sims.province.accepted().stream().filter(r -> r.msgId().equals("CNTY-0001")).count(),
                "every arrival is recorded, duplicates included");
        assertEquals(1, sims.province.messages().size(), "one effect");
        assertEquals(60, sims.province.messages().get(0).payload().get("percent").asInt());
        assertEquals(List.of(Received.Outcome.ACCEPTED, Received.Outcome.DUPLICATE, Received.Outcome.DUPLICATE),
                sims.province.received().stream().map(Received::outcome).toList());
    }

    @Test
    void refusalsWithCodeOneAndNoEffect() {
        Map<String, Object> p = progress(10);
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().badSignature()), "X-Signature: does not verify");
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2).badSignature()),
                "X-Signature: does not verify");
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().staleTimestamp()),
                "X-Timestamp: more than 5 minutes from the receiver's clock");
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().timestampSkew(Duration.ofMinutes(6))),
                "X-Timestamp: more than 5 minutes from the receiver's clock");
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().unknownAppKey()), "X-App-Key: unknown app key");
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().nonce("short")),
                "X-Nonce: must be 16 to 64 characters of [A-Za-z0-9_-]");
        assertTrue(sims.county.send("PROGRESS", "T", p).ok());
        assertRefused(sims.county.send("PROGRESS", "T", p, SendOptions.defaults().reuseLastNonce()),
                "X-Nonce: already used in the last 10 minutes");
        assertEquals(1, sims.province.messages().size());
        assertEquals(8, sims.province.received().size());
        assertFalse(sims.province.received().get(0).signatureVerified());
        assertTrue(sims.province.received().get(7).signatureVerified(), "a replay carries a valid signature");
    }

    @Test
    void aNonceIsForgottenAfterTenMinutes() {
        String nonce = "nonce-0123456789abcdef";
        assertTrue(sims.county.send("PROGRESS", "T", progress(1), SendOptions.defaults().nonce(nonce)).ok());
        clock.advance(Duration.ofMinutes(9));
        assertRefused(sims.county.send("PROGRESS", "T", progress(2), SendOptions.defaults().nonce(nonce)),
                "X-Nonce: already used in the last 10 minutes");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(sims.county.send("PROGRESS", "T", progress(3), SendOptions.defaults().nonce(nonce)).ok());
    }

    @Test
    void anUnregisteredSignMethodIsRefused() {
        sims.close();
        sims = new TwoSims(clock, b -> b.countySm2PublicKey(null));
        assertRefused(sims.county.send("PROGRESS", "T", progress(1), SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2)),
                "X-Sign-Method: SM3withSM2 is not registered for this app key");
    }

    @Test
    void invalidParametersAnswerCodeTwoNamingTheField() {
        assertInvalid(sims.county.send("PING", "T", Map.of()), "msgType: unknown type PING");
        assertInvalid(sims.county.send("PROGRESS", "T", Map.of("period", "2021-09")), "payload.percent: must be a number from 0 to 100");
        assertInvalid(sims.county.send("PROGRESS", "T", progress(101)), "payload.percent: must be a number from 0 to 100");
        assertInvalid(sims.county.send("RETURN", "T", Map.of()), "payload.reason: required");
        assertInvalid(sims.county.send("EXTENSION_REQUEST", "T", Map.of("requestedDeadline", "2022-02-30", "reason", "x")),
                "payload.requestedDeadline: must be yyyy-MM-dd");
        ObjectNode noSendTime = sims.county.envelope("RECEIPT", "T", Map.of(), null);
        noSendTime.remove("sendTime");
        assertInvalid(sims.county.sendEnvelope(noSendTime, SendOptions.defaults()), "sendTime: required");
        ObjectNode wrongReceiver = sims.county.envelope("RECEIPT", "T", Map.of(), null);
        wrongReceiver.put("receiverOrg", "somebody-else");
        assertInvalid(sims.county.sendEnvelope(wrongReceiver, SendOptions.defaults()), "receiverOrg: not this platform's organisation");
        ObjectNode longId = sims.county.envelope("RECEIPT", "T", Map.of(), "x".repeat(65));
        assertInvalid(sims.county.sendEnvelope(longId, SendOptions.defaults()), "msgId: at most 64 characters");
        assertInvalid(sims.county.sendRaw("{\"msgId\":".getBytes(StandardCharsets.UTF_8), SendOptions.defaults()), "body: not valid JSON");
        byte[] big = new byte[ProvinceSim.MAX_BODY + 1];
        Arrays.fill(big, (byte) ' ');
        Answer tooLarge = sims.county.sendRaw(big, SendOptions.defaults());
        assertEquals(413, tooLarge.status(), tooLarge.toString());
        assertEquals(2, tooLarge.code(), tooLarge.toString());
        assertTrue(tooLarge.msg().startsWith("body: over the 1 MiB limit"), tooLarge.msg());
        assertEquals(0, sims.province.messages().size());
        // the same msgId again gets the same code-2 answer
        Answer first = sims.county.send("RETURN", "T", Map.of(), "CNTY-BAD");
        Answer again = sims.county.send("RETURN", "T", Map.of("reason", "fixed"), "CNTY-BAD");
        assertEquals(first.body(), again.body());
        assertEquals(2, again.code());
    }

    @Test
    void strictFlowRefusesMessagesForTasksNeverIssued() {
        sims.close();
        sims = new TwoSims(clock, b -> b.strictFlow(true));
        Answer a = sims.county.send("RECEIPT", "HN2021-ZWFW-06", Map.of());
        assertEquals(409, a.status());
        assertEquals(3, a.code());
        assertEquals("provTaskId: this platform never issued task HN2021-ZWFW-06", a.msg());
        assertTrue(sims.province.issue("HN2021-ZWFW-06").ok());
        assertTrue(sims.county.send("RECEIPT", "HN2021-ZWFW-06", Map.of()).ok());
    }

    static void assertRefused(Answer a, String msg) {
        assertEquals(401, a.status(), a.toString());
        assertEquals(1, a.code(), a.toString());
        assertEquals(msg, a.msg());
    }

    static void assertInvalid(Answer a, String msgStart) {
        assertEquals(400, a.status(), a.toString());
        assertEquals(2, a.code(), a.toString());
        assertTrue(a.msg().startsWith(msgStart), a.msg());
    }
}
