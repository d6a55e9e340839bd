package org.duban.supervision.status;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.duban.testing.Tokens;

/** What the status and card tests read over supervision-service's API (as the office, a unit's lights as its officer). */
final class StatusReads {

    private StatusReads() {
    }

    /** The unit's status on the task ({@code /api/status}), or null while it has none. */
    static String statusOf(UUID task, UUID unit) {
        List<Map<String, Object>> rows = given().auth().oauth2(Tokens.supervisor()).get("/api/status?taskId=" + task).then().statusCode(200)
                .extract().jsonPath().getList("$");
        return rows.stream().filter(r -> unit.toString().equals(r.get("unitId"))).map(r -> (String) r.get("status")).findFirst()
                .orElse(null);
    }

    /** The unit's rows on the board, as the office reads them. */
    static List<Map<String, Object>> board(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/overview/units/" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    /** The unit's first board row, as its officer reads it (empty while there is none). */
    static Map<String, Object> light(UUID unit) {
        List<Map<String, Object>> rows = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/overview/units/" + unit).then()
                .statusCode(200).extract().jsonPath().getList("$");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** Every card of the unit, lifted and annulled ones too. */
    static List<Map<String, Object>> cards(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?unitId=" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    /** The unit's open cards. */
    static List<Map<String, Object>> openCards(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/warnings?open=true&unitId=" + unit).then().statusCode(200).extract()
                .jsonPath().getList("$");
    }
}
