package org.duban.province.outbound;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.duban.events.DomainEvent;
import org.duban.events.task.ProvincialExtensionRequested;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.province.health.ProvinceLinkReadiness;
import org.duban.province.support.Db;
import org.duban.province.support.Province;
import org.duban.province.support.Publish;
import org.duban.provincesim.Mode;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Received;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** County → province through the real stand-in: delivery, signatures, rejection and resend, the outage, the changes feed. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_province"))
@WithTestResource(Province.class)
class OutboundTest {

    private final ProvinceSim sim = Province.sim();
    private final TestClock clock = Province.CLOCK;

    @BeforeEach
    void setUp() {
        QuarkusMock.installMockForType(Province.CLOCK, Clock.class);
        sim.mode(Mode.NORMAL);
    }

    private static String newTask() {
        return "T-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<Received> receivedFor(String provTaskId) {
        return sim.received().stream().filter(r -> provTaskId.equals(r.provTaskId())).toList();
    }

    private static Map<String, Object> outbound(String msgId) {
        List<Map<String, Object>> items = given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound?size=500")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(i -> msgId.equals(i.get("msgId"))).findFirst().orElse(null);
    }

    @Test
    void aProvincialTaskAcceptedReachesTheProvinceAsASignedReceipt() {
        String task = newTask();
        assertTrue(sim.send("TASK_ISSUE", task, Map.of("title", "签收测试")).ok());
        UUID taskId = UUID.randomUUID();
        UUID eventId = Publish.one(new ProvincialTaskAccepted(taskId, task, "supervisor", clock.instant()));
        String msgId = "DUBAN-" + eventId;
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(task).size() == 1);
        Received receipt = receivedFor(task).get(0);
        assertEquals("RECEIPT", receipt.msgType());
        assertEquals(msgId, receipt.msgId(), "msgId derived from the Duban event");
        assertTrue(receipt.signatureVerified(), "the province verified the county's HMAC-SM3 signature");
        assertEquals(Received.Outcome.ACCEPTED, receipt.outcome(), receipt.answer());
        assertEquals("县委督查室", receipt.payload().path("signedBy").asText());

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(outbound(msgId).get("status")));
        String id = (String) outbound(msgId).get("id");
        given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound/" + id).then().statusCode(200)
                .body("message.attempts", equalTo(1)).body("attempts[0].httpStatus", equalTo(200))
                .body("attempts[0].answerCode", equalTo(0)).body("attempts[0].outcome", equalTo("DELIVERED"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/tasks?size=500").then().statusCode(200)
                .body("items.find { it.provTaskId == '" + task + "' }.dubanTaskId", equalTo(taskId.toString()))
                .body("items.find { it.provTaskId == '" + task + "' }.lastOutType", equalTo("RECEIPT"));
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/gateway/outbound").then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).post("/api/gateway/outbound/" + id + "/resend").then().statusCode(409)
                .body("detail", containsString("only FAILED or REJECTED"));
    }

    @Test
    void aMessageTheProvinceRejectsIsNotRetriedAndIsResentWithTheSameMsgId() {
        String task = newTask();
        // no requested deadline: the province answers code 2 naming payload.requestedDeadline
        UUID eventId = Publish.one(new ProvincialExtensionRequested(UUID.randomUUID(), UUID.randomUUID(), task,
                Instant.parse("2021-12-31T15:59:59Z"), null, "汛期施工受阻", "supervisor", clock.instant()));
        String msgId = "DUBAN-" + eventId;
        await().atMost(Duration.ofSeconds(30)).until(() -> outbound(msgId) != null && "REJECTED".equals(outbound(msgId).get("status")));
        assertEquals(2, outbound(msgId).get("lastCode"));
        clock.advance(Duration.ofHours(3));
        given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound?status=REJECTED&provTaskId=" + task).then()
                .body("total", equalTo(1));
        assertEquals(1, receivedFor(task).size(), "code 2 is an answer: not retried");

        String id = (String) outbound(msgId).get("id");
        given().auth().oauth2(Tokens.leader()).post("/api/gateway/outbound/" + id + "/resend").then().statusCode(403);
        given().auth().oauth2(Tokens.supervisor()).post("/api/gateway/outbound/" + id + "/resend").then().statusCode(200)
                .body("status", equalTo("PENDING")).body("resentBy", equalTo("supervisor"));
        await().atMost(Duration.ofSeconds(30)).until(() -> receivedFor(task).size() == 2);
        assertEquals(List.of(msgId, msgId), receivedFor(task).stream().map(Received::msgId).toList(), "the same msgId");
        await().atMost(Duration.ofSeconds(10)).until(() -> "REJECTED".equals(outbound(msgId).get("status")));
        given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound/" + id).then()
                .body("attempts.outcome", equalTo(List.of("REJECTED", "REJECTED"))).body("message.attempts", equalTo(2));
    }

    @Test
    void aHundredMessagesQueuedThroughAnHourOfOutageArriveOnceEachInOrderPerTask() {
        List<String> tasks = List.of(newTask(), newTask(), newTask(), newTask(), newTask());
        Map<String, UUID> taskIds = new HashMap<>();
        tasks.forEach(t -> taskIds.put(t, UUID.randomUUID()));
        sim.mode(Mode.REFUSE);
        List<DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String t = tasks.get(i % tasks.size());
            UUID taskId = taskIds.get(t);
            int n = i / tasks.size();
            DomainEvent e = switch (n % 4) {
                case 0 -> new ProvincialTaskAccepted(taskId, t, "supervisor", clock.instant());
                case 1 -> new ProvincialProgressCompiled(UUID.randomUUID(), taskId, t, "ON_DEMAND-" + n, 5 * n, "第" + n + "次进度",
                        List.of(new ProvincialProgressCompiled.Figure("已实现事项", BigDecimal.valueOf(100 + n), BigDecimal.valueOf(138), "项")),
                        List.of("https://files.example/evidence-" + n + ".pdf"), List.of(), "supervisor", clock.instant());
                case 2 -> new ProvincialExtensionRequested(UUID.randomUUID(), taskId, t, Instant.parse("2021-12-31T15:59:59Z"),
                        Instant.parse("2022-03-31T15:59:59Z"), "第" + n + "次延期申请", "supervisor", clock.instant());
                default -> new ProvincialTaskCompleted(taskId, t, "办结 " + n, List.of("验收报告-" + n), "supervisor", clock.instant());
            };
            events.add(e);
        }
        List<UUID> ids = Publish.all(events);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            expected.computeIfAbsent(tasks.get(i % tasks.size()), t -> new ArrayList<>()).add("DUBAN-" + ids.get(i));
        }
        String inTasks = tasks.stream().map(t -> "'" + t + "'").collect(Collectors.joining(","));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("select count(*) from outbound_message where prov_task_id in (" + inTasks
                + ")") == 100);

        // the backoff schedule, by the clock: 1st attempt now, then after 1 min, 5 min and 30 min; only each task's first message
        int[] expectedAttempts = {1, 2, 3, 4};
        Duration[] waits = {Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30)};
        for (int step = 0; step < waits.length; step++) {
            clock.advance(waits[step]);
            int attempts = expectedAttempts[step];
            await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("select count(*) from outbound_message where prov_task_id in ("
                    + inTasks + ") and attempts = ?1", attempts) == tasks.size());
        }
        clock.advance(Duration.ofMinutes(24)); // an hour since the outage began; the next attempt is due at 2 h 36 min
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'provincial link' }.data.'oldest waiting'", notNullValue());
        assertEquals(0, Db.count("select count(*) from outbound_message where prov_task_id in (" + inTasks + ") and status <> 'PENDING'"));
        Map<String, List<String>> refusedHeads = new HashMap<>();
        for (String t : tasks) {
            List<Received> tried = sim.attempts().stream().filter(r -> t.equals(r.provTaskId())).toList();
            assertTrue(tried.stream().allMatch(r -> r.outcome() == Received.Outcome.FAULT_REFUSED));
            refusedHeads.put(t, tried.stream().map(Received::msgId).distinct().toList());
            assertEquals(List.of(expected.get(t).get(0)), refusedHeads.get(t), "only the first message of each task was tried");
            assertEquals(4, tried.size(), "attempts at 0, 1, 6 and 36 minutes");
        }

        sim.mode(Mode.NORMAL);
        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> Db.count("select count(*) from outbound_message where prov_task_id in (" + inTasks
                + ") and status = 'DELIVERED'") == 100);
        for (String t : tasks) {
            List<String> accepted = receivedFor(t).stream().filter(r -> r.outcome() == Received.Outcome.ACCEPTED || r.outcome() == Received.Outcome.DUPLICATE)
                    .map(Received::msgId).toList();
            assertEquals(expected.get(t), accepted, "each message of " + t + " exactly once, in order");
            assertTrue(receivedFor(t).stream().allMatch(Received::signatureVerified));
        }
        List<Received> progress = sim.received().stream().filter(r -> "PROGRESS".equals(r.msgType()) && tasks.contains(r.provTaskId())
                && r.outcome() == Received.Outcome.ACCEPTED).toList();
        assertEquals(25, progress.size());
        JsonNode p = progress.get(0).payload();
        assertEquals("已实现事项", p.path("figures").get(0).path("name").asText());
        assertEquals(138, p.path("figures").get(0).path("target").asInt());
    }

    @Test
    void codeOneAndATimeoutAreRetriedWithTheSameMsgIdUntilDelivered() {
        String task = newTask();
        sim.mode(Mode.ANSWER_CODE_1);
        UUID eventId = Publish.one(new ProvincialTaskAccepted(UUID.randomUUID(), task, "supervisor", clock.instant()));
        String msgId = "DUBAN-" + eventId;
        await().atMost(Duration.ofSeconds(30)).until(() -> outbound(msgId) != null && ((Number) outbound(msgId).get("attempts")).intValue() == 1);
        assertEquals("PENDING", outbound(msgId).get("status"), "code 1 is retried");
        assertEquals(1, outbound(msgId).get("lastCode"));
        sim.mode(Mode.HANG);
        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) outbound(msgId).get("attempts")).intValue() == 2);
        assertTrue(((String) outbound(msgId).get("lastError")).contains("Timeout"), (String) outbound(msgId).get("lastError"));
        sim.mode(Mode.NORMAL);
        clock.advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(outbound(msgId).get("status")));
        List<Received> tried = sim.attempts().stream().filter(r -> task.equals(r.provTaskId())).toList();
        assertEquals(3, tried.size());
        assertTrue(tried.stream().allMatch(r -> msgId.equals(r.msgId())), "the same msgId on every attempt");
        assertTrue(tried.stream().allMatch(Received::signatureVerified), "signed afresh each time");
        assertEquals(1, sim.accepted().stream().filter(r -> task.equals(r.provTaskId())).count());
    }

    @Test
    void aResultComingAfterTheClaimWasTakenOverIsLoggedButNotRecorded() {
        String task = newTask();
        sim.mode(Mode.HANG);
        UUID eventId = Publish.one(new ProvincialTaskAccepted(UUID.randomUUID(), task, "supervisor", clock.instant()));
        String msgId = "DUBAN-" + eventId;
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.attempts().stream().anyMatch(r -> msgId.equals(r.msgId())));
        // while the request hangs, another instance takes the row over (as it would once the lease ran out)
        UUID other = UUID.randomUUID();
        assertEquals(1, Db.count("""
                with taken as (update outbound_message set claim_token = ?1 where msg_id = ?2 and status = 'SENDING' returning 1)
                select count(*) from taken""", other, msgId));
        sim.releaseHung();
        String id = (String) await().atMost(Duration.ofSeconds(30)).until(() -> outbound(msgId).get("id"), i -> i != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound/" + id)
                .then().extract().<List<String>> path("attempts.outcome").contains("CLAIM_LOST"));
        assertEquals("SENDING", outbound(msgId).get("status"), "the first sender's result changed nothing");
        assertEquals(0, outbound(msgId).get("attempts"));
        assertEquals(1, Db.count("select count(*) from outbound_message where msg_id = ?1 and claim_token = ?2", msgId, other));

        // the other owner's lease runs out without a result: the row is claimed again and delivered, once
        sim.mode(Mode.NORMAL);
        Db.count("with x as (update outbound_message set claimed_until = now() - interval '1 second' where msg_id = ?1 returning 1) "
                + "select count(*) from x", msgId);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(outbound(msgId).get("status")));
        assertEquals(1, sim.accepted().stream().filter(r -> msgId.equals(r.msgId())).count());
    }

    @Test
    void theChangesFeedPagesTheOutboundMessagesInOrderAndRefusesUnsignedCalls() {
        String task = newTask();
        UUID taskId = UUID.randomUUID(); // one key: one partition, so task-service's order is kept
        List<UUID> ids = Publish.all(List.of(new ProvincialTaskAccepted(taskId, task, "auto", clock.instant()),
                new ProvincialTaskCompleted(taskId, task, "全部办结", List.of(), "supervisor", clock.instant())));
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("select count(*) from outbound_message where prov_task_id = ?1", task) == 2);

        List<Long> cursors = new ArrayList<>();
        List<String> msgIds = new ArrayList<>();
        long since = 0;
        for (int page = 0; page < 1000; page++) {
            ProvinceSim.Pulled pulled = sim.pullChanges(since, 7);
            assertEquals(200, pulled.status(), pulled.body().toString());
            assertEquals(0, pulled.body().path("code").asInt());
            JsonNode items = pulled.body().path("items");
            for (JsonNode item : items) {
                cursors.add(item.path("cursor").asLong());
                msgIds.add(item.path("message").path("msgId").asText());
            }
            long next = pulled.body().path("next").asLong();
            if (items.isEmpty()) {
                assertEquals(since, next, "nothing new: ask again from the same cursor");
                break;
            }
            assertEquals(cursors.get(cursors.size() - 1), next, "next = the last cursor served");
            since = next;
        }
        for (int i = 1; i < cursors.size(); i++) {
            assertTrue(cursors.get(i) > cursors.get(i - 1), "cursors grow");
        }
        int receipt = msgIds.indexOf("DUBAN-" + ids.get(0));
        int complete = msgIds.indexOf("DUBAN-" + ids.get(1));
        assertTrue(receipt >= 0 && complete > receipt, "written order");
        assertEquals(Db.count("select count(*) from outbound_message"), cursors.size(), "every outbound message, once");

        given().get("/api/province/changes?since=0&limit=5").then().statusCode(401).body("code", equalTo(1))
                .body("msg", containsString("X-App-Key"));
        ProvinceSim.Pulled badLimit = sim.pullChanges(0, 501);
        assertEquals(400, badLimit.status());
        assertEquals(2, badLimit.body().path("code").asInt());
        assertTrue(badLimit.body().path("msg").asText().startsWith("limit"));
    }

    @Test
    void readinessSaysWhatTheLinkLacksWithoutTakingTheGatewayOutOfRotation() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'provincial link' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'provincial link' }.data.outbound", equalTo("ready"))
                .body("checks.find { it.name == 'provincial link' }.data.'registered apps'", equalTo(2));
        assertEquals("messages to the province wait: not set DUBAN_PROVINCE_OUTBOUND_URL",
                ProvinceLinkReadiness.outbound(Optional.of(" "), true));
        assertEquals("messages to the province wait: not set DUBAN_PROVINCE_OUTBOUND_URL, DUBAN_PROVINCE_COUNTY_APP_KEY with its secret or private key",
                ProvinceLinkReadiness.outbound(Optional.empty(), false));
    }

    @Test
    void theRegisteredAppsAreListedWithoutSecrets() {
        String body = given().auth().oauth2(Tokens.admin()).get("/api/gateway/apps").then().statusCode(200)
                .body("registered.appKey", hasItem("hn-province-demo")).body("registered.find { it.appKey == 'hn-province-demo' }.method", equalTo("HMAC-SM3"))
                .body("registered.find { it.appKey == 'hn-province-sm2' }.method", equalTo("SM3withSM2"))
                .body("county.appKey", equalTo("zhongfang-county-demo")).extract().asString();
        assertTrue(!body.contains("NOT-FOR-PRODUCTION"), "no secret in " + body);
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/gateway/apps").then().statusCode(403);
        given().get("/api/gateway/apps").then().statusCode(401);
        given().auth().oauth2(Tokens.supervisor()).get("/api/gateway/outbound?status=LOST").then().statusCode(400)
                .body("errors[0].field", equalTo("status")).body("detail", not(containsString("Exception")));
    }
}
