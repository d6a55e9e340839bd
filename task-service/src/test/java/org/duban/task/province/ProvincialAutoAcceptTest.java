package org.duban.task.province;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.Topics;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.task.importer.ResolveFixtureServer;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code duban.province.auto-accept=true}: a provincial task a county task implements is signed for by itself. */
@QuarkusTest
@TestProfile(ProvincialAutoAcceptTest.AutoAccept.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task_province_auto"))
@WithTestResource(ResolveFixtureServer.class)
class ProvincialAutoAcceptTest {

    public static class AutoAccept implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("duban.province.auto-accept", "true");
        }
    }

    /**
     * The seed's document under a title of its own, in the county notice and the province's messages alike: events of
     * another test class on the shared broker can then never touch this test's plans, nor its events theirs.
     */
    static final String DOCUMENT = "湖南省2021年政务签收测试工作要点";

    final TestClock clock = new TestClock(Instant.parse("2021-08-02T02:00:00Z"));

    @Inject
    ProgressSchedule schedule;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private String issue(String number) {
        ProvincialTaskTest.Item i = ProvincialTaskTest.item(ProvincialTaskTest.MANAGEMENT, number);
        String provTaskId = "AUTO" + number;
        ProvincialTaskIssued issued = new ProvincialTaskIssued("MSG-AUTO" + number, provTaskId, null, DOCUMENT, i.sectionLabel(),
                i.sectionTitle(), i.number(), null, i.text(), i.lead(), "2021年底", null, "MONTHLY", "11430000MB1D00000X", clock.instant());
        UUID id = UUID.nameUUIDFromBytes(("province-message:" + issued.messageId()).getBytes(StandardCharsets.UTF_8));
        TopicProbe.publish(Topics.PROVINCE_EVENTS, provTaskId, EventType.PROVINCIAL_TASK_ISSUED.type(), id, EventJson.write(issued),
                "province-gateway");
        return provTaskId;
    }

    private static String state(String provTaskId) {
        try (var c = RealInfrastructure.postgres().connect("duban_task_province_auto");
                var s = c.prepareStatement("select state from provincial_task where prov_task_id = ?")) {
            s.setString(1, provTaskId);
            var rs = s.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String idOf(String provTaskId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/provincial-tasks").then().statusCode(200).extract()
                .path("find { it.provTaskId == '%s' }.id".formatted(provTaskId));
    }

    @Test
    void signedForByItselfWhenACountyTaskImplementsItAtOnceOrOnceLinked() {
        given().auth().oauth2(Tokens.supervisor()).contentType("text/plain; charset=UTF-8")
                .body(SeedDocuments.read(SeedDocuments.COUNTY_NOTICE).replace(ProvincialTaskTest.MANAGEMENT, DOCUMENT)
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/plans/import").then().statusCode(201);
        String six = issue("（六）"); // county 附件1 （五） implements it
        String five = issue("（五）"); // no county task does
        await().atMost(Duration.ofSeconds(30)).until(() -> state(six) != null && state(five) != null);
        assertEquals("ACCEPTED", state(six));
        assertEquals("ISSUED", state(five));
        String sixId = idOf(six);
        String accepted = TopicProbe.await(Topics.TASK_EVENTS, r -> EventType.PROVINCIAL_TASK_ACCEPTED.type()
                .equals(TopicProbe.header(r, "ce_type")) && sixId.equals(r.key()), Duration.ofSeconds(30)).value();
        assertEquals("auto", EventJson.read(accepted, org.duban.events.task.ProvincialTaskAccepted.class).acceptedBy());

        // the supervisor links (五) to a county task: the next scheduled pass signs for it
        String fiveId = idOf(five);
        String county = given().auth().oauth2(Tokens.supervisor()).get("/api/tasks?limit=1000").then().statusCode(200).extract()
                .path("find { it.annex == '附件1' && it.number == '（四）' }.id");
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body("{\"countyTaskIds\": [\"" + county + "\"]}")
                .put("/api/provincial-tasks/" + fiveId + "/links").then().statusCode(200);
        schedule.run();
        assertEquals("ACCEPTED", state(five));
        List<String> actors = given().auth().oauth2(Tokens.supervisor()).get("/api/provincial-tasks/" + fiveId).then()
                .statusCode(200).extract().path("history.findAll { it.what == 'ACCEPTED' }.actor");
        assertEquals(List.of("auto"), actors);
    }
}
