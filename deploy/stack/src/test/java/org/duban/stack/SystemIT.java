package org.duban.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.infra.KafkaBroker;
import org.duban.infra.Ports;
import org.duban.infra.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.testing.Tokens;
import org.duban.testing.TopicProbe;

/**
 * The five packaged services ({@code <svc>/target/quarkus-app/quarkus-run.jar}) run as separate processes in a
 * {@link TestSystem}: real PostgreSQL, a real Kafka broker and an OIDC provider serving real keys — the
 * {@link SharedStack}, so every test here works on its own units, tasks and plan import.
 */
@UsesSharedStack
class SystemIT {

    static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static SharedStack stack;
    static TestSystem system;
    static PostgresServer postgres;
    static KafkaBroker kafka;

    /** A unit-service whose database does not answer, and a task-service whose broker does not: see their tests. */
    static ServiceProcess withoutDatabase;
    static ServiceProcess withoutKafka;

    @BeforeAll
    static void useStack(SharedStack shared) {
        stack = shared;
        system = shared.system;
        postgres = system.postgres;
        kafka = system.kafka;
        // Both boot now, beside the tests that run first, instead of one after the other in their own tests: neither can
        // touch the others' data (no database; no broker) nor joins a consumer group of the shared services (unit-service
        // consumes nothing; the other has no broker). Each test checks and stops its own; TestSystem stops what is left.
        ServiceDefinition unit = TestSystem.definition("unit-service");
        withoutDatabase = service(unit, "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/" + unit.database()).start();
        withoutKafka = service(TestSystem.definition("task-service"), postgres.createDatabase("duban_task_no_kafka"),
                "127.0.0.1:" + Ports.free()).start();
    }

    static ServiceProcess service(ServiceDefinition s, String jdbcUrl) {
        return service(s, jdbcUrl, kafka.bootstrapServers());
    }

    static ServiceProcess service(ServiceDefinition s, String jdbcUrl, String kafkaBootstrap) {
        return service(s, jdbcUrl, kafkaBootstrap, Map.of());
    }

    /** A process beside the shared ones; it joins their consumer groups with the same short Kafka session. */
    static ServiceProcess service(ServiceDefinition s, String jdbcUrl, String kafkaBootstrap, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(SharedStack.KAFKA_SESSION);
        env.putAll(extra);
        return system.service(s, jdbcUrl, kafkaBootstrap, env);
    }

    private static ServiceProcess running(String name) {
        return stack.service(name);
    }

    private static JsonNode call(String method, URI uri, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /**
     * The chain the platform is known by, across the four real processes and the real broker: a unit registered
     * in unit-service is assigned two tasks in task-service (TaskAssigned); notification-service puts them in the
     * unit's inbox; supervision-service tracks them; a progress report turns one REPORTED (ProgressReported), and
     * the other, due at the end of 2021, is missed by the deadline watcher (DeadlineMissed): an overdue notice and
     * status OVERDUE. No service calls another; everything travels as events.
     */
    @Test
    void taskAssignedProgressReportedAndDeadlineMissedFlowThroughAllServices() throws Exception {
        String admin = Tokens.admin();
        String supervisor = Tokens.supervisor();
        JsonNode unit = call("POST", running("unit-service").uri("/api/units"), admin,
                "{\"name\": \"县政务服务中心-" + UUID.randomUUID() + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", \"level\": \"COUNTY\"}");
        String unitId = unit.get("id").asText();
        String officer = Tokens.officerOf(UUID.fromString(unitId));

        URI tasks = running("task-service").uri("/api/tasks");
        call("POST", tasks, supervisor, "{\"title\": \"建设“互联网+督查”平台\", \"dueAt\": \"2099-12-31T15:59:59Z\", "
                + "\"assignments\": [{\"unitId\": \"" + unitId + "\", \"role\": \"LEAD\"}]}");
        String lateTask = call("POST", tasks, supervisor, "{\"title\": \"完善政务公开目录\", \"dueAt\": \"2021-12-31T15:59:59Z\", "
                + "\"assignments\": [{\"unitId\": \"" + unitId + "\", \"role\": \"LEAD\"}]}").get("id").asText();

        JsonNode work = call("GET", running("task-service").uri("/api/assignments?unitId=" + unitId), officer, null);
        assertEquals(2, work.size());
        String onTime = null;
        for (JsonNode a : work) {
            if (!a.get("taskId").asText().equals(lateTask)) {
                onTime = a.get("id").asText();
            }
        }
        call("POST", running("task-service").uri("/api/assignments/" + onTime + "/reports"), officer,
                "{\"percentComplete\": 30, \"narrative\": \"平台已完成需求调研\"}");

        URI inbox = running("notification-service").uri("/api/inbox?unitId=" + unitId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> kinds = new ArrayList<>();
            call("GET", inbox, officer, null).get("items").forEach(i -> kinds.add(i.get("kind").asText()));
            return kinds.stream().filter("ASSIGNED"::equals).count() == 2 && kinds.contains("OVERDUE");
        });
        URI status = running("supervision-service").uri("/api/status?unitId=" + unitId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> states = new ArrayList<>();
            call("GET", status, officer, null).forEach(a -> states.add(a.get("status").asText()));
            return states.size() == 2 && states.contains("REPORTED") && states.contains("OVERDUE");
        });
        // A deadline missed years ago (on the real clock) may also get the escalation ladder's 催办 step at once: a
        // notice of its own stage, never the same notice twice.
        JsonNode items = call("GET", inbox, officer, null).get("items");
        assertEquals(2, kinds(call("GET", inbox, officer, null), "ASSIGNED"), "one 交办 notice per assignment");
        Set<String> distinct = new HashSet<>();
        items.forEach(i -> assertTrue(distinct.add(i.get("kind").asText() + "|" + i.get("title").asText()),
                "a notice arrived twice: " + items));
    }

    /**
     * The county notice (this test's own copy: {@link SharedStack#countyNotice}), imported into the real task-service,
     * whose importer asks the real unit-service (with its seed list) to resolve every unit name: 2 annexes of 32 and 17
     * tasks; each assignment reaches the unit's inbox in notification-service once and supervision-service's overview,
     * by events only. Other tests import copies of the notice too and the seed units are shared, so everything is
     * counted on this plan's tasks and its TaskAssigned events.
     */
    @Test
    void theCountyNoticeImportedThroughTheRealUnitServiceReachesEveryService() throws Exception {
        HttpResponse<String> imported = HTTP.send(HttpRequest.newBuilder(running("task-service").uri("/api/plans/import"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + Tokens.supervisor())
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(SharedStack.countyNotice(false))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, imported.statusCode(), imported.body());
        JsonNode plan = JSON.readTree(imported.body()).path("plans").path(0);
        String planId = plan.path("id").asText();
        assertEquals(32, plan.path("annexes").path(0).path("taskCount").asInt());
        assertEquals(17, plan.path("annexes").path(1).path("taskCount").asInt());
        JsonNode report = JSON.readTree(imported.body()).path("report");
        assertTrue(report.toString().contains("各乡镇人民政府"), "the group without members waits to be designated");

        JsonNode tasks = call("GET", running("task-service").uri("/api/tasks?limit=1000&planId=" + planId), Tokens.supervisor(), null);
        assertEquals(49, tasks.size());
        Set<String> planTasks = new HashSet<>();
        tasks.forEach(t -> planTasks.add(t.path("id").asText()));
        JsonNode first = tasks.path(0);
        assertEquals("县政务服务中心", first.path("leadUnits").path(0).path("name").asText(), "task (一) is led by the 政务服务中心");
        String unitId = first.path("leadUnits").path(0).path("id").asText();
        String officer = Tokens.officerOf(UUID.fromString(unitId));
        List<String> ownAssignments = new ArrayList<>();
        call("GET", running("task-service").uri("/api/assignments?limit=1000&unitId=" + unitId), officer, null)
                .forEach(a -> {
                    if (planTasks.contains(a.path("taskId").asText())) {
                        ownAssignments.add(a.path("id").asText());
                    }
                });
        int assignments = ownAssignments.size();
        assertTrue(assignments >= 10, "the 政务服务中心 leads or shares many tasks: " + assignments);

        // The inbox shows no task or plan id, and other copies of the notice give the unit notices of the same titles:
        // its ASSIGNED entries are counted by the event that caused them, this plan's TaskAssigned events for the unit,
        // as the topic carries them (ce_id is the event id an inbox entry records).
        Set<UUID> events = new HashSet<>();
        TopicProbe.collect(kafka.bootstrapServers(), "duban.task.events", r -> {
            if (!"duban.task.assigned.v1".equals(TopicProbe.header(r, "ce_type"))) {
                return false;
            }
            try {
                JsonNode e = JSON.readTree(r.value());
                return planId.equals(e.path("planId").asText()) && unitId.equals(e.path("unitId").asText());
            } catch (IOException notJson) {
                return false;
            }
        }, Duration.ofSeconds(2), Duration.ofSeconds(60)).forEach(r -> events.add(UUID.fromString(TopicProbe.header(r, "ce_id"))));
        assertEquals(assignments, events.size(), "one TaskAssigned per assignment of the unit in this plan");
        // every 2021 deadline is long past on the real clock, so overdue notices (OVERDUE) join the ASSIGNED ones
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> assignedNotices(unitId, events) >= assignments);
        assertEquals(assignments, assignedNotices(unitId, events), "one 交办 notice per assignment, no duplicate");

        URI lights = running("supervision-service").uri("/api/overview/units/" + unitId);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int own = 0;
            for (JsonNode light : call("GET", lights, officer, null)) {
                own += planTasks.contains(light.path("taskId").asText()) ? 1 : 0;
            }
            return own == assignments;
        });
    }

    /** The unit's ASSIGNED inbox entries (notification-service's database) caused by one of {@code events}. */
    private static long assignedNotices(String unitId, Set<UUID> events) throws Exception {
        try (var c = postgres.connect(TestSystem.definition("notification-service").database());
                var q = c.prepareStatement("select count(*) from inbox_entry where unit_id = ?::uuid and kind = 'ASSIGNED' "
                        + "and event_id = any(?)")) {
            q.setString(1, unitId);
            q.setArray(2, c.createArrayOf("uuid", events.toArray()));
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long kinds(JsonNode inboxPage, String kind) {
        long n = 0;
        for (JsonNode item : inboxPage.path("items")) {
            n += kind.equals(item.path("kind").asText()) ? 1 : 0;
        }
        return n;
    }

    /**
     * unit-service's own rename and merge, through Kafka only: supervision-service's board shows the survivor's new
     * name, task-service moves the merged unit's open work to it, and notification-service tells the survivor.
     */
    @Test
    void aRenameAndAMergeInUnitServiceReachTheOtherServices() throws Exception {
        String admin = Tokens.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        URI units = running("unit-service").uri("/api/units");
        String merged = call("POST", units, admin, "{\"name\": \"县经济局" + suffix + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", "
                + "\"level\": \"COUNTY\"}").get("id").asText();
        String survivor = call("POST", units, admin, "{\"name\": \"县商务局" + suffix + "\", \"kind\": \"GOVERNMENT_DEPARTMENT\", "
                + "\"level\": \"COUNTY\"}").get("id").asText();
        String taskId = call("POST", running("task-service").uri("/api/tasks"), Tokens.supervisor(),
                "{\"title\": \"招商引资\", \"assignments\": [{\"unitId\": \"" + merged + "\", \"role\": \"LEAD\"}]}")
                .get("id").asText();
        URI board = running("supervision-service").uri("/api/status?taskId=" + taskId);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> ("县经济局" + suffix).equals(call("GET", board, Tokens.supervisor(), null).path(0).path("unitName").asText()));

        call("POST", running("unit-service").uri("/api/units/" + survivor + "/rename"), admin,
                "{\"name\": \"县商科工信局" + suffix + "\"}");
        call("POST", running("unit-service").uri("/api/units/" + merged + "/merge"), admin,
                "{\"survivorId\": \"" + survivor + "\", \"reason\": \"机构改革\"}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode row = call("GET", board, Tokens.supervisor(), null).path(0);
            return survivor.equals(row.path("unitId").asText()) && ("县商科工信局" + suffix).equals(row.path("unitName").asText());
        });
        String officer = Tokens.officerOf(UUID.fromString(survivor));
        JsonNode work = call("GET", running("task-service").uri("/api/assignments?unitId=" + survivor), officer, null);
        assertEquals(taskId, work.path(0).path("taskId").asText(), "the merged unit's assignment now belongs to the survivor");
        URI inbox = running("notification-service").uri("/api/inbox?unitId=" + survivor);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> "任务移交：招商引资".equals(call("GET", inbox, officer, null).path("items").path(0).path("title").asText()));
    }

    @TestFactory
    List<DynamicContainer> everyService() {
        List<DynamicContainer> containers = new ArrayList<>();
        for (ServiceProcess s : stack.services()) {
            containers.add(DynamicContainer.dynamicContainer(s.name(), List.of(
                    DynamicTest.dynamicTest("is ready and live", () -> {
                        assertEquals(200, s.status("/q/health/ready"), s.name() + " /q/health/ready");
                        assertEquals(200, s.status("/q/health/live"), s.name() + " /q/health/live");
                    }),
                    DynamicTest.dynamicTest("serves its OpenAPI document", () -> {
                        JsonNode doc = openApi(s);
                        assertTrue(doc.has("openapi"), s.name() + " /q/openapi has no \"openapi\" field");
                    }),
                    DynamicTest.dynamicTest("answers 401 on /api without a token, not with one", () -> {
                        URI api = s.uri(firstGetPath(s));
                        assertEquals(401, get(api, null).statusCode(), "GET " + api + " without a token");
                        String token = Tokens.forRole("admin", "admin", "supervisor", "leader", "integration");
                        int status = get(api, token).statusCode();
                        assertNotEquals(401, status, "GET " + api + " with a valid token: the token was not accepted");
                        assertTrue(status < 500, "GET " + api + " with a valid token answered " + status + "; see " + s.log());
                    }),
                    DynamicTest.dynamicTest("serves metrics", () -> assertEquals(200, s.status("/q/metrics"))))));
        }
        return containers;
    }

    /** A service whose database does not answer stays up and reports not ready (it retries its migrations). */
    @Test
    void serviceWithoutDatabaseStaysAliveAndNotReady() {
        try (ServiceProcess s = withoutDatabase) {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                s.requireAlive();
                return s.status("/q/health/live") == 200;
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> s.isAlive() && s.status("/q/health/ready") == 503);
        }
    }

    /**
     * A task-service killed after committing a task but before its relay published the event: the event waits in
     * the outbox, and the next start publishes it exactly once. The first instance runs with its relay switched
     * off ({@code DUBAN_OUTBOX_ENABLED=false}) so the kill is guaranteed to fall between writing and publishing.
     */
    @Test
    void serviceKilledBetweenWritingAndPublishingSendsTheEventOnceAfterRestart() throws Exception {
        ServiceDefinition taskService = TestSystem.definition("task-service");
        String database = postgres.createDatabase("duban_task_crash");
        String taskId;
        ServiceProcess crashing = service(taskService, database, kafka.bootstrapServers(), Map.of("DUBAN_OUTBOX_ENABLED", "false"))
                .start();
        try {
            crashing.awaitReady(START_TIMEOUT);
            taskId = call("POST", crashing.uri("/api/tasks"), Tokens.supervisor(),
                    "{\"title\": \"县优化办牵头推进\", \"assignments\": [{\"unitId\": \"" + UUID.randomUUID()
                            + "\", \"role\": \"LEAD\"}]}").get("id").asText();
            try (var c = postgres.connect("duban_task_crash");
                    var rs = c.createStatement().executeQuery("select count(*) from outbox_event where published_at is null")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the event is written but not yet published when the service dies");
            }
        } finally {
            crashing.kill();
        }
        try (ServiceProcess restarted = service(taskService, database).start()) {
            restarted.awaitReady(START_TIMEOUT);
            // watch 5 s past the first copy for a second one
            int seen = TopicProbe.collect(kafka.bootstrapServers(), "duban.task.events", r -> taskId.equals(r.key()),
                    Duration.ofSeconds(5), Duration.ofSeconds(60)).size();
            assertEquals(1, seen, "TaskAssigned of task " + taskId + " published exactly once after the restart");
        }
    }

    /**
     * The broker is down while 1,000 assignments are made: task-service keeps accepting work (the events wait in its
     * outbox), and once the broker is back every TaskAssigned reaches notification-service and gives its inbox entry —
     * no assignment without its notice. (inbox_entry is unique per event and unit, so a notice applied twice cannot
     * show here: the broker restarted under load, with duplicates counted, is FaultSuiteIT's.)
     */
    @Test
    void thousandAssignmentsMadeWhileTheBrokerIsDownEachGiveTheirInboxEntry() throws Exception {
        UUID unitId = UUID.randomUUID();
        String officer = Tokens.officerOf(unitId);
        String supervisor = Tokens.supervisor();
        URI tasks = running("task-service").uri("/api/tasks");
        kafka.stop();
        try {
            for (int i = 0; i < 1000; i++) {
                call("POST", tasks, supervisor, "{\"title\": \"断网期间交办-" + i + "\", \"assignments\": [{\"unitId\": \""
                        + unitId + "\", \"role\": \"LEAD\"}]}");
            }
        } finally {
            kafka.start();
        }
        URI inbox = running("notification-service").uri("/api/inbox?unitId=" + unitId + "&size=500");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> call("GET", inbox, officer, null).get("total").asInt() >= 1000);
        Set<String> titles = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            call("GET", URI.create(inbox + "&page=" + page), officer, null).get("items")
                    .forEach(i -> titles.add(i.get("title").asText()));
        }
        assertEquals(1000, call("GET", inbox, officer, null).get("total").asInt(), "one inbox entry per assignment");
        assertEquals(1000, titles.size(), "every one of the 1,000 tasks is in the inbox");
        for (ServiceProcess s : stack.services()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> s.status("/q/health/ready") == 200);
        }
    }

    // A notification-service killed mid-stream while a second one shares the task events' partitions: FaultSuiteIT
    // (faults/FaultSuite), which checks from the group's assignment that the killed process held partitions with
    // records not yet committed, and counts the effects where a duplicate would show (mails at the SMTP server, calls at
    // the webhook receiver, SENT attempts, cards). The test that stood here counted inbox_entry, unique per event and
    // unit, so it could not see a notice applied twice.

    /** Likewise without a reachable broker: up, live, and not ready. */
    @Test
    void serviceWithoutKafkaStaysAliveAndNotReady() {
        try (ServiceProcess s = withoutKafka) {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                s.requireAlive();
                return s.status("/q/health/live") == 200;
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> s.isAlive() && s.status("/q/health/ready") == 503);
        }
    }

    private static JsonNode openApi(ServiceProcess s) throws IOException, InterruptedException {
        HttpResponse<String> response = get(s.uri("/q/openapi?format=json"), null);
        assertEquals(200, response.statusCode(), s.name() + " /q/openapi");
        return JSON.readTree(response.body());
    }

    /** The first GET operation under /api in the service's OpenAPI document, path parameters filled with a UUID. */
    private static String firstGetPath(ServiceProcess s) throws IOException, InterruptedException {
        Iterator<Map.Entry<String, JsonNode>> paths = openApi(s).path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().startsWith("/api/") && path.getValue().has("get")) {
                return path.getKey().replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
            }
        }
        return fail(s.name() + " documents no GET operation under /api");
    }

    private static HttpResponse<String> get(URI uri, String bearerToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
