package org.duban.provincesim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REFUSE, HANG, ANSWER_CODE_1 and BAD_SIGNATURE_OUT, switched at run time; refused or hung requests are attempts only. */
class FaultModeTest {

    final MutableClock clock = new MutableClock(Instant.parse("2021-08-01T01:30:00Z"));
    TwoSims sims;

    @BeforeEach
    void start() {
        sims = new TwoSims(clock, b -> b.hangLimit(Duration.ofSeconds(30)), b -> b.sendTimeout(Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() {
        sims.close();
    }

    static Map<String, Object> receipt() {
        return Map.of("signedAt", "20210801093000", "signedBy", "中方县政务公开政务服务工作领导小组办公室");
    }

    @Test
    void refuseAnswers503WithNoBodyAndRecordsAnAttempt() {
        sims.province.mode(Mode.REFUSE);
        Answer a = sims.county.send("RECEIPT", "HN2021-ZWFW-06", receipt(), "CNTY-R1");
        assertEquals(503, a.status());
        assertEquals("", a.body());
        assertNull(a.code());
        sims.province.mode(Mode.NORMAL);
        assertTrue(sims.county.resend("CNTY-R1").ok());
        List<Received> attempts = sims.province.attempts();
        assertEquals(List.of(Received.Outcome.FAULT_REFUSED, Received.Outcome.ACCEPTED), attempts.stream().map(Received::outcome).toList());
        assertTrue(attempts.get(0).signatureVerified(), "a refused attempt is still verified and recorded");
        assertEquals("CNTY-R1", attempts.get(0).msgId());
        assertEquals(1, sims.province.accepted().size(), "arrived exactly once");
        assertEquals(1, sims.province.received().size());
    }

    @Test
    void hangHoldsTheRequestUntilTheSenderTimesOut() {
        sims.province.mode(Mode.HANG);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> sims.county.send("RECEIPT", "HN2021-ZWFW-06", receipt(), "CNTY-H1"));
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
        await().atMost(Duration.ofSeconds(5)).until(() -> !sims.province.attempts().isEmpty());
        assertEquals(Received.Outcome.FAULT_HUNG, sims.province.attempts().get(0).outcome());
        sims.province.mode(Mode.NORMAL); // releases the held request
        assertTrue(sims.county.resend("CNTY-H1").ok());
        assertEquals(1, sims.province.accepted().size());
        assertEquals(2, sims.province.attempts().size());
    }

    @Test
    void aHungRequestReleasedGets503() throws Exception {
        sims.province.mode(Mode.HANG);
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(sims.province.inboundUrl()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> !sims.province.attempts().isEmpty());
        assertTrue(!pending.isDone());
        sims.province.releaseHung();
        HttpResponse<String> response = pending.get();
        assertEquals(503, response.statusCode());
        assertEquals("", response.body());
        assertEquals(0, sims.province.accepted().size());
    }

    @Test
    void answerCode1RefusesEvenAGoodSignature() {
        sims.province.mode(Mode.ANSWER_CODE_1);
        Answer a = sims.county.send("RECEIPT", "HN2021-ZWFW-06", receipt());
        assertEquals(401, a.status());
        assertEquals(1, a.code());
        Received r = sims.province.attempts().get(0);
        assertEquals(Received.Outcome.FAULT_CODE_1, r.outcome());
        assertTrue(r.signatureVerified());
        assertEquals(0, sims.province.accepted().size());
        assertEquals(0, sims.province.received().size());
    }

    @Test
    void badSignatureOutSignsWhatTheProvinceSendsWrongly() {
        sims.province.mode(Mode.BAD_SIGNATURE_OUT);
        Answer a = sims.province.issue("HN2021-ZWFW-06");
        assertEquals(401, a.status());
        assertEquals("X-Signature: does not verify", a.msg());
        Answer sm2 = sims.province.send("URGE", "HN2021-ZWFW-06", Map.of("reason", "快"),
                SendOptions.defaults().signMethod(SignMethod.SM3_WITH_SM2));
        assertEquals("X-Signature: does not verify", sm2.msg());
        assertTrue(sims.county.send("RECEIPT", "HN2021-ZWFW-06", receipt()).ok(), "inbound stays normal");
        sims.province.mode(Mode.NORMAL);
        assertTrue(sims.province.resend(a.sentMsgId()).ok());
        assertEquals(1, sims.county.accepted().size());
    }
}
