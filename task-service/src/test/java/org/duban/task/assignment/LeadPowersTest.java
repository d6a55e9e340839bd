package org.duban.task.assignment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 20: a lead unit that returned the task (退回) and saw it reassigned keeps no lead powers: its officer reads no
 * co-unit's reports and reviews (复核) none; the unit that leads now does.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_task"))
class LeadPowersTest {

    private static ValidatableResponse post(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    @Test
    void aLeadThatReturnedTheTaskReadsAndReviewsNoCoUnitsReports() {
        UUID formerLead = UUID.randomUUID();
        UUID newLead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String task = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"推进政务公开标准化\", \"dueAt\": \"2031-12-31T15:59:59Z\", \"assignments\": ["
                        + "{\"unitId\": \"" + formerLead + "\", \"role\": \"LEAD\"}, {\"unitId\": \"" + co
                        + "\", \"role\": \"CO_RESPONSIBLE\"}]}")
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        String coAssignment = assignmentOf(co, task);
        post(Tokens.officerOf(co), "/api/assignments/" + coAssignment + "/accept", "{}").statusCode(200);
        post(Tokens.officerOf(co), "/api/assignments/" + coAssignment + "/reports",
                "{\"percentComplete\": 50, \"narrative\": \"已完成目录梳理\"}").statusCode(201);

        // while it leads, the lead unit reads the co-unit's reports
        given().auth().oauth2(Tokens.officerOf(formerLead)).get("/api/tasks/" + task + "/reports").then().statusCode(200);

        String lead = assignmentOf(formerLead, task);
        post(Tokens.officerOf(formerLead), "/api/assignments/" + lead + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        post(Tokens.supervisor(), "/api/assignments/" + lead + "/reassign", "{\"unitId\": \"" + newLead + "\"}").statusCode(201);

        given().auth().oauth2(Tokens.officerOf(formerLead)).get("/api/tasks/" + task + "/reports").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.officerOf(formerLead)).get("/api/assignments/" + coAssignment + "/reports").then()
                .statusCode(403);
        post(Tokens.officerOf(formerLead), "/api/assignments/" + coAssignment + "/review", "{\"approve\": true}").statusCode(403);

        // the unit that leads now has the powers
        given().auth().oauth2(Tokens.officerOf(newLead)).get("/api/tasks/" + task + "/reports").then().statusCode(200)
                .body("size()", equalTo(1));
        post(Tokens.officerOf(newLead), "/api/assignments/" + coAssignment + "/review", "{\"approve\": true}").statusCode(200);
    }

    @Test
    void aLeadThatReturnedTheTaskBeforeAnyReassignmentHasNoPowersEither() {
        UUID formerLead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        String task = given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("{\"title\": \"推进政务公开标准化\", \"dueAt\": \"2031-12-31T15:59:59Z\", \"assignments\": ["
                        + "{\"unitId\": \"" + formerLead + "\", \"role\": \"LEAD\"}, {\"unitId\": \"" + co
                        + "\", \"role\": \"CO_RESPONSIBLE\"}]}")
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        String lead = assignmentOf(formerLead, task);
        post(Tokens.officerOf(formerLead), "/api/assignments/" + lead + "/return", "{\"reason\": \"职责不符\"}").statusCode(200);
        given().auth().oauth2(Tokens.officerOf(formerLead)).get("/api/tasks/" + task + "/reports").then().statusCode(403);
    }
}
