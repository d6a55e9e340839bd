package org.duban.task.calendar;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.deadline.WorkingDays;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * 2027 entered through the API (tyme4j 1.4.9 has no 2027): who may, what is refused, what is kept, and what readiness
 * says before and after. Real PostgreSQL and OIDC.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class CalendarApiTest {

    private static final String CHECK = "checks.find { it.name == 'working-day calendar' }";
    /** A 2027 National Day as the State Council would announce it: 10-01..07 off, Sunday 09-26 and Saturday 10-09 worked. */
    private static final String NATIONAL_DAY_2027 = """
            {"daysOff": ["2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"],
             "makeUpDays": ["2027-09-26", "2027-10-09"],
             "reason": "国务院办公厅关于2027年部分节假日安排的通知"}""";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T08:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private static JsonPath health() {
        // the whole readiness may be DOWN for another check's reason; this check itself must be UP
        return given().get("/q/health/ready").then().extract().jsonPath();
    }

    @Test
    void anAdminEnters2027AndEveryoneSeesItInForceWithItsHistory() {
        JsonPath before = health();
        assertEquals("UP", before.getString(CHECK + ".status"));
        assertEquals("library (tyme4j)", before.getString(CHECK + ".data.'2026'"));
        assertEquals(null, before.getString(CHECK + ".data.'2027'"), "not before 1 December");

        clock.set(Instant.parse("2026-11-30T16:00:00Z")); // 2026-12-01 00:00 Beijing time
        JsonPath december = health();
        assertEquals("UP", december.getString(CHECK + ".status"), "never failing readiness");
        assertEquals("calendar not yet known", december.getString(CHECK + ".data.'2027'"));

        given().auth().oauth2(Tokens.supervisor()).get("/api/calendar/2027").then().statusCode(200)
                .body("source", equalTo("UNKNOWN")).body("known", equalTo(false)).body("daysOff", hasSize(0));

        given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON).body(NATIONAL_DAY_2027)
                .put("/api/calendar/2027").then().statusCode(403);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("""
                {"daysOff": ["2027-10-01"], "makeUpDays": ["2027-09-26", "2027-10-08"], "reason": "国庆节"}""")
                .put("/api/calendar/2027").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("makeUpDays[1]"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("Friday"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("""
                {"daysOff": ["2026-10-01", "2027-10-09"], "makeUpDays": ["2027-10-09"], "reason": " "}""")
                .put("/api/calendar/2027").then().statusCode(400)
                .body("errors.field", contains("reason", "daysOff[0]", "makeUpDays[0]"));
        given().auth().oauth2(Tokens.admin()).get("/api/calendar/2027/history").then().statusCode(200).body("$", hasSize(0));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(NATIONAL_DAY_2027)
                .put("/api/calendar/2027").then().statusCode(200)
                .body("source", equalTo("OVERRIDE")).body("override.updatedBy", equalTo("admin"));

        given().auth().oauth2(Tokens.officerOf(java.util.UUID.randomUUID())).get("/api/calendar/2027").then().statusCode(200)
                .body("source", equalTo("OVERRIDE")).body("known", equalTo(true)).body("libraryKnows", equalTo(false))
                .body("daysOff", hasSize(7)).body("daysOff", hasItem("2027-10-07"))
                .body("makeUpDays", contains("2027-09-26", "2027-10-09"))
                .body("override.reason", equalTo("国务院办公厅关于2027年部分节假日安排的通知"))
                .body("override.version", equalTo(1));
        given().auth().oauth2(Tokens.supervisor()).get("/api/calendar/2027/history").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].actor", equalTo("admin"))
                .body("[0].changedAt", equalTo("2026-11-30T16:00:00Z"))
                .body("[0].before.source", equalTo("UNKNOWN")).body("[0].before.daysOff", hasSize(0))
                .body("[0].after.makeUpDays", contains("2027-09-26", "2027-10-09"));

        // in force for deadlines at once: 5个工作日 from Thursday 2027-09-30 is 09-30, 10-08, 10-09 (调休), 10-11, 10-12
        assertTrue(WorkingDays.china().knows(2027));
        assertEquals(Instant.parse("2027-10-12T15:59:59Z"), DeadlinePhrase.read("5个工作日内", LocalDate.of(2027, 9, 30)).dueAt());

        JsonPath after = health();
        assertEquals("UP", after.getString(CHECK + ".status"));
        assertEquals("override", after.getString(CHECK + ".data.'2027'"));

        // a correction: the history keeps both, the second starting from the first
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(NATIONAL_DAY_2027.replace("\"2027-10-09\"]", "\"2027-10-10\"]")
                .replace("通知\"", "通知（更正）\"")).put("/api/calendar/2027").then().statusCode(200)
                .body("makeUpDays", contains("2027-09-26", "2027-10-10")).body("override.version", equalTo(2));
        given().auth().oauth2(Tokens.leader()).get("/api/calendar/2027/history").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[1].before.source", equalTo("OVERRIDE"))
                .body("[1].before.makeUpDays", contains("2027-09-26", "2027-10-09"))
                .body("[1].after.makeUpDays", contains("2027-09-26", "2027-10-10"))
                .body("[1].reason", equalTo("国务院办公厅关于2027年部分节假日安排的通知（更正）"));
        assertTrue(WorkingDays.china().isWorkingDay(LocalDate.of(2027, 10, 10)));
    }

    @Test
    void aYearTheLibraryKnowsReadsFromItAndAYearOutOfRangeIsRefused() {
        given().auth().oauth2(Tokens.leader()).get("/api/calendar/2026").then().statusCode(200)
                .body("source", equalTo("LIBRARY")).body("override", nullValue())
                .body("makeUpDays", hasItem("2026-10-10")).body("daysOff", hasItem("2026-10-07"));
        given().auth().oauth2(Tokens.leader()).get("/api/calendar/1999").then().statusCode(400)
                .body("errors[0].field", equalTo("year"));
        given().get("/api/calendar/2026").then().statusCode(401);
    }
}
