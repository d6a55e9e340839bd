package org.duban.supervision.warning;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;
import org.duban.testing.UnitSnapshots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 22: a unit signs for its cards in bulk ({@code POST /api/warnings/acknowledge}), all or none: another unit's
 * card or an unknown id refuses the whole request and acknowledges nothing.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_supervision"))
class BulkAcknowledgementTest {

    private final TestClock clock = new TestClock(Instant.parse("2022-03-01T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void aUnitAcknowledgesItsCardsAtOnce() {
        UUID unit = knownUnit("县自然资源局");
        List<String> cards = List.of(card(unit, "YELLOW"), card(unit, "RED"), card(unit, "YELLOW"));

        List<Map<String, Object>> acknowledged = given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body(Map.of("warningIds", cards)).post("/api/warnings/acknowledge").then().statusCode(200)
                .extract().jsonPath().getList("$");

        assertEquals(cards, acknowledged.stream().map(c -> c.get("warningId")).toList());
        acknowledged.forEach(c -> assertNotNull(c.get("acknowledgedAt")));
        // once acknowledged stays as it was: a second bulk call changes no date
        clock.advance(Duration.ofHours(1));
        List<Map<String, Object>> again = given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body(Map.of("warningIds", cards)).post("/api/warnings/acknowledge").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(acknowledged.stream().map(c -> c.get("acknowledgedAt")).toList(),
                again.stream().map(c -> c.get("acknowledgedAt")).toList());
    }

    @Test
    void anotherUnitsCardRefusesTheWholeRequest() {
        UUID unit = knownUnit("县交通运输局");
        UUID other = knownUnit("县水利局");
        String mine = card(unit, "YELLOW");
        String theirs = card(other, "RED");

        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body(Map.of("warningIds", List.of(mine, theirs))).post("/api/warnings/acknowledge").then().statusCode(403);
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON)
                .body(Map.of("warningIds", List.of(mine, UUID.randomUUID().toString()))).post("/api/warnings/acknowledge")
                .then().statusCode(404);

        assertNull(acknowledgedAt(mine), "all or none: nothing acknowledged");
        assertNull(acknowledgedAt(theirs));
    }

    @Test
    void theListIsBounded() {
        UUID unit = knownUnit("县卫生健康局");
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("warningIds", List.of()))
                .post("/api/warnings/acknowledge").then().statusCode(400).body(containsString("warningIds"));
        List<String> tooMany = new ArrayList<>(Collections.nCopies(WarningResource.MAX_BULK + 1, UUID.randomUUID().toString()));
        given().auth().oauth2(Tokens.officerOf(unit)).contentType(ContentType.JSON).body(Map.of("warningIds", tooMany))
                .post("/api/warnings/acknowledge").then().statusCode(400).body(containsString("warningIds"));
        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("warningIds", List.of(UUID.randomUUID().toString()))).post("/api/warnings/acknowledge").then()
                .statusCode(403);
    }

    private static String card(UUID unit, String color) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body(Map.of("unitId", unit.toString(), "color", color, "reason", "进展报送不及时")).post("/api/warnings").then()
                .statusCode(201).extract().path("warningId");
    }

    private static Object acknowledgedAt(String card) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/warnings/" + card + "/history").then().statusCode(200)
                .extract().jsonPath().getList("action").contains("ACKNOWLEDGED") ? "acknowledged" : null;
    }

    private static UUID knownUnit(String name) {
        UUID unit = UUID.randomUUID();
        TopicProbe.publish(UnitSnapshots.active(unit, 1, name), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        return unit;
    }
}
