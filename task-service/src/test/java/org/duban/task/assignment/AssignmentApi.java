package org.duban.task.assignment;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.duban.testing.Tokens;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/** What the assignment command tests call over task-service's API: a task with one lead unit, its assignment, a race. */
final class AssignmentApi {

    /** A progress report that says the work is done. */
    static final String REPORT = "{\"percentComplete\": 100, \"narrative\": \"已全部完成\"}";

    private AssignmentApi() {
    }

    /** A task with one assignment, the unit as lead; answers the task's id. */
    static String newTask(UUID unit, String title, Instant due) {
        return given().auth().oauth2(Tokens.supervisor()).contentType(ContentType.JSON)
                .body("""
                        {"title": "%s", "dueAt": "%s",
                         "assignments": [{"unitId": "%s", "role": "LEAD"}]}""".formatted(title, due, unit))
                .post("/api/tasks").then().statusCode(201).extract().path("id");
    }

    /** The unit's assignment on the task, as its officer lists it. */
    static String assignmentOf(UUID unit, String taskId) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/assignments?unitId=" + unit)
                .then().statusCode(200).extract().path("find { it.taskId == '%s' }.id".formatted(taskId));
    }

    static String statusOf(String assignmentId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/assignments/" + assignmentId).then().statusCode(200)
                .extract().path("status");
    }

    static ValidatableResponse post(String token, String path, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then();
    }

    /** Runs both commands on {@code threads}, released together from a barrier; the answers in the order of the commands. */
    static List<Response> race(ExecutorService threads, Supplier<Response> first, Supplier<Response> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Response>> running = new ArrayList<>();
        for (Supplier<Response> command : List.of(first, second)) {
            running.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return command.get();
            }));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : running) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }
}
