package org.duban.province.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.duban.events.Topics;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskUrged;
import org.duban.province.support.Db;
import org.duban.province.support.Province;
import org.duban.provincesim.Answer;
import org.duban.provincesim.Mode;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.SendOptions;
import org.duban.provincesim.Settings;
import org.duban.provincesim.SignMethod;
import org.duban.province.signing.SigningTest;
import org.duban.testing.OutsideReader;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** Province → county through the real stand-in: each refusal with its code and no effect, idempotency, flow errors, the event. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class InboundTest {

    private final ProvinceSim sim = Province.sim();

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(Province.CLOCK, Clock.class);
        sim.mode(Mode.NORMAL);
    }

    static String newTask() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> issue(String title) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("documentNumber", "湘政务办发〔2021〕5号");
        p.put("documentTitle", "湖南省2021年政务管理服务工作要点");
        p.put("sectionLabel", "二");
        p.put("taskNumber", "（六）");
        p.put("title", title);
        p.put("text", title + "。");
        p.put("leadDepartment", "省政务局");
        p.put("deadlineText", "2021年底");
        p.put("deadline", "2021-12-31");
        p.put("reportCadence", "MONTHLY");
        p.put("reportDay", 25);
        return p;
    }

    private static void refused(Answer a, int status, int code, String msgStart) {
        assertEquals(status, a.status(), a.body());
        assertEquals(code, a.code(), a.body());
        assertTrue(a.msg().startsWith(msgStart), "msg names the field: " + a.msg());
    }

    @Test
    void everyRefusalHasItsCodeNamesTheFieldAndChangesNothing() {
        String task = newTask();
        Db.Effects before = Db.effects();

        refused(sim.send("TASK_ISSUE", task, issue("签名错误"), SendOptions.defaults().badSignature()), 401, 1, "X-Signature");
        refused(sim.send("TASK_ISSUE", task, issue("时间戳过期"), SendOptions.defaults().staleTimestamp()), 401, 1, "X-Timestamp");
        refused(sim.send("TASK_ISSUE", task, issue("未知应用"), SendOptions.defaults().unknownAppKey()), 401, 1, "X-App-Key");
        Answer unknownType = sim.send("TASK_DELETE", task, Map.of("reason", "x"));
        refused(unknownType, 400, 2, "msgType: unknown type TASK_DELETE");
        assertNotNull(unknownType.msgId(), "the answer carries the msgId it could read");
        refused(sim.sendRaw("{\"msgId\": \"M-1\", \"msgType\": ".getBytes(StandardCharsets.UTF_8), SendOptions.defaults()), 400, 2, "body: not valid JSON");
        ObjectNode noTask = sim.envelope("TASK_ISSUE", task, issue("缺字段"), null);
        noTask.remove("provTaskId");
        refused(sim.sendEnvelope(noTask, SendOptions.defaults().feed(false)), 400, 2, "provTaskId: required");
        Map<String, Object> noTitle = issue("x");
        noTitle.remove("title");
        refused(sim.send("TASK_ISSUE", task, noTitle), 400, 2, "payload.title: required");
        refused(sim.send("SUPERVISE", task, Map.of("level", "ORANGE", "reason", "x")), 400, 2, "payload.level: must be YELLOW or RED");
        refused(sim.send("TASK_ISSUE", task, Map.of("title", "x", "deadline", "2021年底")), 400, 2, "payload.deadline: must be yyyy-MM-dd");
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        Answer tooLarge = sim.sendRaw(huge, SendOptions.defaults());
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals(2, tooLarge.code());

        assertEquals(before, Db.effects(), "no nonce, no message, no event, no task");

        // a reused nonce: the first request is taken, the same nonce again (a new msgId, signed again) is refused
        assertTrue(sim.send("TASK_ISSUE", task, issue("正常下发")).ok());
        Db.Effects one = Db.effects();
        refused(sim.send("URGE", task, Map.of("reason", "重放"), SendOptions.defaults().reuseLastNonce()), 401, 1, "X-Nonce");
        assertEquals(one, Db.effects());
        assertEquals(before.messages() + 1, one.messages());
        assertEquals(before.events() + 1, one.events());
    }

    @Test
    void aProvinceSigningWithSm2IsVerifiedWithItsRegisteredPublicKeyAndAWrongSignatureOutIsRefused() {
        String task = newTask();
        Settings sm2Settings = Settings.builder().provinceAppKey("hn-province-sm2").provinceSm2PrivateKey(SigningTest.PRIVATE_KEY)
                .signMethod(SignMethod.SM3_WITH_SM2).gatewayUrl(Province.gatewayUrl()).clock(Province.CLOCK).build();
        try (ProvinceSim sm2 = ProvinceSim.start(sm2Settings)) {
            Answer signed = sm2.send("TASK_ISSUE", task, issue("国密 SM2 签名下发"));
            assertTrue(signed.ok(), signed.body());
            refused(sim.urge(task, "另一个应用催办", null), 409, 3, "provTaskId: " + task + " was issued by another sender");
            refused(sm2.send("URGE", task, Map.of("reason", "HMAC 签名"), SendOptions.defaults().signMethod(SignMethod.HMAC_SM3)), 401, 1,
                    "X-Sign-Method: this app key is registered for SM3withSM2");
            sm2.mode(Mode.BAD_SIGNATURE_OUT);
            refused(sm2.send("TASK_ISSUE", newTask(), issue("签名被篡改")), 401, 1, "X-Signature: does not verify");
        }
        sim.mode(Mode.BAD_SIGNATURE_OUT);
        refused(sim.send("TASK_ISSUE", newTask(), issue("签名被篡改")), 401, 1, "X-Signature: does not verify");
        sim.mode(Mode.NORMAL);
        assertEquals(1, Db.count("select count(*) from inbound_message where prov_task_id = ?1 and app_key = 'hn-province-sm2'", task));
    }

    @Test
    void theSameMsgIdTwiceIsOneEventOnKafkaAndTheSameAnswer() {
        String task = newTask();
        String msgId = "HN-" + UUID.randomUUID();
        Answer first = sim.send("TASK_ISSUE", task, issue("推进政务服务“一网通办”"), msgId);
        Answer again = sim.resend(msgId);
        assertTrue(first.ok(), first.body());
        assertEquals(first.body(), again.body(), "the same answer, byte for byte");
        assertEquals("{\"code\":0,\"msg\":\"ok\",\"msgId\":\"" + msgId + "\"}", first.body());
        assertEquals(1, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId));

        List<ConsumerRecord<String, String>> records = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(),
                Topics.PROVINCE_EVENTS, r -> task.equals(r.key()), Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertEquals(1, records.size(), "one event for two copies");
        ProvincialTaskIssued issued = (ProvincialTaskIssued) OutsideReader.read(records.get(0), "province-gateway");
        assertEquals(msgId, issued.messageId());
        assertEquals("推进政务服务“一网通办”", issued.title());
        assertEquals("（六）", issued.taskNumber());
        assertEquals(Instant.parse("2021-12-31T15:59:59Z"), issued.dueAt(), "the end of 2021-12-31, Beijing time");
        assertEquals("MONTHLY", issued.reportCadence());
        assertEquals(UUID.nameUUIDFromBytes(("hn-province-demo\n" + msgId).getBytes(StandardCharsets.UTF_8)).toString(),
                TopicProbe.header(records.get(0), "ce_id"), "event id derived from sender and msgId");
    }

    @Test
    void twoCopiesAtOnceAreOneEffect() throws Exception {
        for (int round = 0; round < 5; round++) {
            String task = newTask();
            String msgId = "HN-" + UUID.randomUUID();
            ObjectNode envelope = sim.envelope("TASK_ISSUE", task, issue("并发下发 " + round), msgId);
            CyclicBarrier barrier = new CyclicBarrier(2);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(two.submit(() -> {
                        barrier.await();
                        return sim.sendEnvelope(envelope, SendOptions.defaults().feed(false));
                    }));
                }
                for (Future<Answer> a : answers) {
                    assertTrue(a.get().ok(), a.get().body());
                }
            } finally {
                two.shutdownNow();
            }
            assertEquals(1, Db.count("select count(*) from inbound_message where msg_id = ?1", msgId));
            assertEquals(1, Db.count("select count(*) from outbox_event where aggregate_id = ?1", task));
        }
    }

    @Test
    void messagesThatDoNotFitTheTasksStateAreFlowErrors() {
        String never = newTask();
        Db.Effects before = Db.effects();
        refused(sim.urge(never, "从未下发的任务", null), 409, 3, "provTaskId: " + never + " was never issued");
        refused(sim.supervise(never, "RED", "x"), 409, 3, "provTaskId");

        String task = newTask();
        assertTrue(sim.send("TASK_ISSUE", task, issue("要复核的任务")).ok());
        Db.Effects issued = Db.effects();
        assertEquals(before.events() + 1, issued.events());
        refused(sim.send("TASK_ISSUE", task, issue("同一任务再次下发")), 409, 3, "provTaskId: " + task + " was already issued");
        refused(sim.review(task, "PASSED", null), 409, 3, "msgType: REVIEW_RESULT before the county sent COMPLETE");
        refused(sim.decideExtension(task, "DUBAN-nothing", true, java.time.LocalDate.of(2022, 3, 31), null), 409, 3,
                "payload.requestMsgId");

        Answer urged = sim.urge(task, "进度滞后，请于月底前报送", Province.CLOCK.instant().plus(Duration.ofDays(3)));
        assertTrue(urged.ok(), urged.body());
        assertTrue(sim.revoke(task, "任务调整").ok());
        refused(sim.urge(task, "撤销后催办", null), 409, 3, "provTaskId: " + task + " was revoked");
        assertEquals(issued.events() + 2, Db.effects().events(), "only URGE and TASK_REVOKE became events");

        ConsumerRecord<String, String> record = TopicProbe.await(Topics.PROVINCE_EVENTS,
                r -> task.equals(r.key()) && "duban.province.task-urged.v1".equals(TopicProbe.header(r, "ce_type")), Duration.ofSeconds(30));
        ProvincialTaskUrged urge = (ProvincialTaskUrged) OutsideReader.read(record, "province-gateway");
        assertEquals("进度滞后，请于月底前报送", urge.reason());
        assertNotNull(urge.replyBy());
    }
}
