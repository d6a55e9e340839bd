package org.duban.supervision.province;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.restassured.path.json.JsonPath;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.supervision.WarningIssued;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.TaskAssigned;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The province's 红色督办 on a provincial task whose county counterpart is led by unit U gives U one provincial red
 * card (origin PROVINCE), listed apart from county cards, announced once as WarningIssued and counted in U's score
 * with its own weight, however often the event arrives or is replayed; an URGE is recorded on U's status, no card.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class ProvincialCardTest {

    // a year no other test of this service uses, so the period's cards and scores are this test's alone
    private static final Instant ASSIGNED = Instant.parse("2023-03-01T02:00:00Z");
    private static final Instant DUE = Instant.parse("2023-12-31T15:59:59Z");
    private static final Instant SUPERVISED = Instant.parse("2023-06-10T02:00:00Z");
    private static final Instant URGED = Instant.parse("2023-06-20T02:00:00Z");
    private static final String PERIOD = "periodStart=2023-06-01&periodEnd=2023-06-30";

    @Inject
    ProvinceUrges provinceUrges;

    private static List<Map<String, Object>> cards(UUID unit, String origin) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit + "&origin=" + origin).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> urges(UUID unit) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/province-urges?unitId=" + unit).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    @Test
    void aRedSuperviseGivesTheLeadUnitOneProvincialRedCardListedApartAndScoredAndAnUrgeOnlyMarksItsStatus() throws Exception {
        UUID unit = UUID.randomUUID();
        UUID countyTask = UUID.randomUUID();
        UUID provincialTask = UUID.randomUUID();
        String msgId = "P-SUP-" + UUID.randomUUID();
        TopicProbe.publish(new TaskAssigned(UUID.randomUUID(), countyTask, "优化政务服务", unit, "LEAD", DUE, ASSIGNED, null, null, "（五）"),
                "task-service");

        // the province's 督办 as task-service announces it: delivered, redelivered under the same CloudEvents id, and
        // announced again under a new id (task-service replaying it) — one province message, one card
        ProvinceUrged supervise = new ProvinceUrged(msgId, provincialTask, "PROV-2023-06", "（六）", "深化“放管服”改革", "SUPERVISE", "RED",
                "经催办后仍未按期完成", null, List.of(countyTask), List.of(unit), SUPERVISED);
        EventType type = EventType.of(supervise);
        UUID eventId = TopicProbe.publish(supervise, "task-service");
        TopicProbe.publish(type.topic(), supervise.aggregateId(), type.type(), eventId, EventJson.write(supervise), "task-service");
        TopicProbe.publish(supervise, "task-service");
        // an URGE behind them on the same partition (key = the provincial task): when it is recorded, all were applied
        String urgeId = "P-URG-" + UUID.randomUUID();
        TopicProbe.publish(new ProvinceUrged(urgeId, provincialTask, "PROV-2023-06", "（六）", "深化“放管服”改革", "URGE", null,
                "请于月底前报送整改情况", Instant.parse("2023-06-30T15:59:59Z"), List.of(countyTask), List.of(unit), URGED), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> urges(unit).size() == 2);

        // one provincial red card, listed apart from the county's; none among the county cards
        List<Map<String, Object>> provincial = cards(unit, "PROVINCE");
        assertEquals(1, provincial.size(), provincial.toString());
        Map<String, Object> card = provincial.get(0);
        assertEquals("RED", card.get("color"));
        assertEquals("PROVINCE", card.get("origin"));
        assertEquals("province-supervise", card.get("rule"));
        assertEquals("PROV-2023-06", card.get("provTaskId"));
        assertEquals(msgId, card.get("provinceMessageId"));
        assertEquals(provincialTask.toString(), card.get("taskId"));
        assertEquals(SUPERVISED, Instant.parse((String) card.get("issuedAt")));
        assertEquals("省级任务（六）“深化“放管服”改革”被省级平台列为红色督办（督办事由：经催办后仍未按期完成）", card.get("reason"));
        assertEquals(0, cards(unit, "COUNTY").size());
        given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit).then().body("size()", equalTo(1));
        given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?origin=NATIONAL").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("origin"));

        // the URGE: recorded against the unit and shown on its assignment's status, no card
        List<Map<String, Object>> recorded = urges(unit);
        assertEquals(List.of("SUPERVISE", "URGE"), recorded.stream().map(u -> u.get("kind")).toList());
        assertEquals(card.get("warningId"), recorded.get(0).get("warningId"));
        assertNull(recorded.get(1).get("warningId"));
        given().auth().oauth2(Tokens.officerOf(UUID.randomUUID())).get("/api/province-urges?unitId=" + unit).then().statusCode(403);
        JsonPath lights = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/overview/units/" + unit).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, lights.getInt("[0].province.count"));
        assertEquals("URGE", lights.getString("[0].province.lastKind"));
        given().auth().oauth2(Tokens.supervisor()).get("/api/status?unitId=" + unit).then().statusCode(200)
                .body("[0].province.count", equalTo(2)).body("[0].province.lastKind", equalTo("URGE"));

        // counted in the unit's score with its own weight (default 10), said in the basis
        JsonPath score = given().auth().oauth2(Tokens.leader()).get("/api/scores/units/" + unit + "?" + PERIOD).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("base", "on-time-rate", "province-red-cards"), score.getList("items.rule"));
        assertEquals(-10.0, score.getDouble("items[2].points"), 0.001);
        assertEquals("省级红色督办（省级红牌） 1 张，每张扣 10 分", score.getString("items[2].basis"));
        assertEquals(40.0 + 60.0 - 10.0, score.getDouble("score"), 0.001);

        // announced once, as any card: WarningIssued with the rule, under an id derived from the card
        UUID warningId = UUID.fromString((String) card.get("warningId"));
        List<ConsumerRecord<String, String>> issued = TopicProbe.collect(RealInfrastructure.kafka().bootstrapServers(),
                Topics.SUPERVISION_EVENTS, r -> unit.toString().equals(r.key()), Duration.ofSeconds(2), Duration.ofSeconds(20));
        assertEquals(1, issued.size(), issued.toString());
        WarningIssued event = EventJson.read(issued.get(0).value(), WarningIssued.class);
        assertEquals(warningId, event.warningId());
        assertEquals("province-supervise", event.rule());
        assertEquals("RED", event.color());

        // replayed onto a read model that lost the card and the urge: the same card id, and nothing announced again
        exec("delete from province_urge where unit_id = '" + unit + "'");
        exec("delete from warning where unit_id = '" + unit + "'");
        QuarkusTransaction.requiringNew().run(() -> provinceUrges.on(supervise));
        QuarkusTransaction.requiringNew().run(() -> provinceUrges.on(supervise));
        List<Map<String, Object>> rebuilt = cards(unit, "PROVINCE");
        assertEquals(1, rebuilt.size());
        assertEquals(warningId.toString(), rebuilt.get(0).get("warningId"));
        assertEquals(1, count("select count(*) from outbox_event_each where type = 'duban.supervision.warning-issued.v1' and payload::text like '%"
                + warningId + "%'"));
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = RealInfrastructure.postgres().connect("duban_supervision"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
