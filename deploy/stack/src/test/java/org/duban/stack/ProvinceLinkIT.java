package org.duban.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import org.duban.provincesim.Answer;
import org.duban.provincesim.Mode;
import org.duban.provincesim.ProvinceSim;
import org.duban.provincesim.Received;
import org.duban.testing.Tokens;

/**
 * The provincial link end to end, across the five packaged services as processes and the province stand-in
 * (deploy/province-sim) speaking real signed HTTP: the province issues its 51 tasks, the county imports its own notice,
 * the links appear, the supervision office signs for every provincial task while the gateway is killed (SIGKILL) in the
 * middle of sending the receipts, a unit's report on county 附件1（五） reaches the province as PROGRESS for provincial
 * （六）, the province's 催办 reaches the lead unit's inbox and its red 督办 gives a provincial card, and the supervisor's
 * 办结 reaches the province as COMPLETE. What the province received is counted on its own record, never on a unique
 * index of ours. The methods run in order and share the story's state. The services are the {@link SharedStack}'s, whose
 * gateway is wired to the province stand-in; only this test issues provincial tasks.
 */
@UsesSharedStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvinceLinkIT {

    /** Provincial （六） of 《湖南省2021年政务管理服务工作要点》, which county 附件1（五） implements. */
    static final String PROVINCIAL_SIX = "HN2021-ZWFW-06";

    static SharedStack stack;
    static TestSystem system;
    static ProvinceSim province;

    /** Provincial task ids in task-service, by provTaskId. */
    static Map<String, String> provincialTasks = new HashMap<>();

    @BeforeAll
    static void useStack(SharedStack shared) {
        stack = shared;
        system = shared.system;
        province = shared.province;
    }

    @Test
    @Order(1)
    void theProvinceIssuesItsFiftyOneTasksAndTheCountyNoticeIsLinkedToThem() throws Exception {
        List<Answer> answers = province.issueSeedTasks();
        assertEquals(51, answers.size());
        answers.forEach(a -> assertEquals(0, a.code(), "TASK_ISSUE answered " + a.body()));

        // the notice as it is but for its document number: the other tests' copies cite no provincial document, so
        // this plan's annexes are the only ones linked to the provincial tasks
        ProvinceWiring.importPlan(uri("task-service", ""), Tokens.supervisor(), SharedStack.countyNotice(true));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> call("GET", uri("task-service", "/api/provincial-tasks"), Tokens.supervisor(), null).size() == 51);
        for (JsonNode t : call("GET", uri("task-service", "/api/provincial-tasks"), Tokens.supervisor(), null)) {
            provincialTasks.put(t.path("provTaskId").asText(), t.path("id").asText());
        }
        assertEquals(51, provincialTasks.size(), "51 distinct provincial tasks");

        Map<String, String> pairs = Map.of(PROVINCIAL_SIX, "（五）", "HN2021-ZWFW-12", "（十）", "HN2021-ZWFW-18", "（十六）");
        for (var pair : pairs.entrySet()) {
            JsonNode detail = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> provincialTask(pair.getKey()), d -> d.path("links").size() > 0);
            List<String> linked = new ArrayList<>();
            detail.path("links").forEach(l -> linked.add(l.path("annex").asText() + l.path("number").asText()));
            assertTrue(linked.contains("附件1" + pair.getValue()), pair.getKey() + " is implemented by 附件1" + pair.getValue()
                    + ", links: " + linked);
        }
        JsonNode unlinked = call("GET", uri("task-service", "/api/provincial-tasks?unlinked=true"), Tokens.supervisor(), null);
        assertTrue(unlinked.size() > 0, "provincial tasks no county task implements are listed for the office");
    }

    /**
     * The office signs for all 51 tasks while the province holds every request open; the gateway is killed (SIGKILL)
     * with receipts in flight and started again. Every RECEIPT then reaches the province exactly once, and a receipt
     * that was in flight when the gateway died arrives under the msgId it carried then.
     */
    @Test
    @Order(2)
    void everyReceiptArrivesOnceAfterTheGatewayIsKilledMidSend() throws Exception {
        province.mode(Mode.HANG);
        for (String id : provincialTasks.values()) {
            call("POST", uri("task-service", "/api/provincial-tasks/" + id + "/accept"), Tokens.supervisor(), null);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> province.attempts().stream().anyMatch(r -> "RECEIPT".equals(r.msgType())));
        stack.service("province-gateway").kill();
        Set<String> inFlight = province.attempts().stream().filter(r -> "RECEIPT".equals(r.msgType()))
                .map(Received::msgId).collect(Collectors.toCollection(TreeSet::new));
        province.mode(Mode.NORMAL);
        province.releaseHung();

        stack.restartGateway();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> province.messages().stream().filter(r -> "RECEIPT".equals(r.msgType())).count() == 51);
        Map<String, Long> acceptedPerMsgId = province.accepted("RECEIPT").stream()
                .collect(Collectors.groupingBy(Received::msgId, Collectors.counting()));
        assertEquals(51, acceptedPerMsgId.size(), "one receipt per provincial task");
        acceptedPerMsgId.forEach((msgId, n) -> assertEquals(1L, n, "receipt " + msgId + " accepted " + n + " times"));
        Set<String> provTasks = province.messages().stream().filter(r -> "RECEIPT".equals(r.msgType()))
                .map(Received::provTaskId).collect(Collectors.toSet());
        assertEquals(provincialTasks.keySet(), provTasks, "a receipt for each issued task");
        assertTrue(acceptedPerMsgId.keySet().containsAll(inFlight),
                "the receipts in flight at the kill were resent under the same msgId: " + inFlight);
    }

    /** A unit reports on county 附件1（五）; the province receives one PROGRESS for （六） naming that report. */
    @Test
    @Order(3)
    void aUnitsReportOnTheCountyTaskReachesTheProvinceAsProgress() throws Exception {
        String countyTask = countyTaskOf(PROVINCIAL_SIX);
        Map<String, String> assignments = assignmentsOf(countyTask);
        String leadAssignment = assignments.entrySet().stream().filter(e -> e.getValue().equals("LEAD")).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
        JsonNode lead = call("GET", uri("task-service", "/api/assignments/" + leadAssignment), Tokens.supervisor(), null);
        String officer = Tokens.officerOf(UUID.fromString(lead.path("unitId").asText()));
        call("POST", uri("task-service", "/api/assignments/" + leadAssignment + "/accept"), officer, null);
        String reportId = call("POST", uri("task-service", "/api/assignments/" + leadAssignment + "/reports"), officer,
                "{\"percentComplete\": 60, \"narrative\": \"告知承诺制事项清单已公布，正在推进涉企经营许可事项\"}").path("id").asText();

        call("POST", uri("task-service", "/api/provincial-tasks/" + provincialTasks.get(PROVINCIAL_SIX) + "/progress"),
                Tokens.supervisor(), null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> !progressFor(PROVINCIAL_SIX).isEmpty());
        List<Received> progress = progressFor(PROVINCIAL_SIX);
        assertEquals(1, progress.size(), "one PROGRESS for （六）");
        JsonNode payload = progress.get(0).payload();
        assertTrue(payload.path("breakdown").toString().contains(reportId), "the PROGRESS names the report: " + payload);
        assertTrue(payload.path("narrative").asText().contains("告知承诺制"), payload.toString());
        assertTrue(progress.get(0).signatureVerified());
    }

    /** The province's 催办 reaches the lead unit's inbox; its red 督办 gives the lead unit a provincial card. */
    @Test
    @Order(4)
    void urgeReachesTheLeadUnitsInboxAndRedSuperviseGivesAProvincialCard() throws Exception {
        String countyTask = countyTaskOf(PROVINCIAL_SIX);
        String leadUnit = call("GET", uri("task-service", "/api/assignments/" + assignmentsOf(countyTask).entrySet().stream()
                .filter(e -> e.getValue().equals("LEAD")).map(Map.Entry::getKey).findFirst().orElseThrow()),
                Tokens.supervisor(), null).path("unitId").asText();
        String officer = Tokens.officerOf(UUID.fromString(leadUnit));

        assertEquals(0, province.urge(PROVINCIAL_SIX, "告知承诺制推进滞后，请于月底前报送进展", null).code());
        URI inbox = uri("notification-service", "/api/inbox?unitId=" + leadUnit + "&size=500");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> call("GET", inbox, officer, null).path("items").toString().contains("PROVINCE_URGED"));

        assertEquals(0, province.supervise(PROVINCIAL_SIX, "RED", "逾期未报送进展").code());
        URI cards = uri("supervision-service", "/api/warnings?origin=PROVINCE&unitId=" + leadUnit);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> call("GET", cards, Tokens.supervisor(), null).toString().contains("RED"));
    }

    /** Every assignment of county 附件1（五） complete, the supervisor confirms 办结: the province receives COMPLETE. */
    @Test
    @Order(5)
    void theSupervisorsConfirmedCompletionReachesTheProvince() throws Exception {
        String provincial = provincialTasks.get(PROVINCIAL_SIX);
        URI complete = uri("task-service", "/api/provincial-tasks/" + provincial + "/complete");
        assertEquals(409, send("POST", complete, Tokens.supervisor(), "{\"summary\": \"尚未全部办结\"}").statusCode(),
                "no 办结 while a county task is open");

        String supervisor = Tokens.supervisor();
        for (var a : assignmentsOf(countyTaskOf(PROVINCIAL_SIX)).entrySet()) {
            String id = a.getKey();
            String status = call("GET", uri("task-service", "/api/assignments/" + id), supervisor, null).path("status").asText();
            if (status.equals("ASSIGNED")) {
                call("POST", uri("task-service", "/api/assignments/" + id + "/accept"), supervisor, null);
            }
            call("POST", uri("task-service", "/api/assignments/" + id + "/reports"), supervisor,
                    "{\"percentComplete\": 100, \"narrative\": \"已全面落实告知承诺制\"}");
            if (a.getValue().equals("CO_RESPONSIBLE")) {
                call("POST", uri("task-service", "/api/assignments/" + id + "/review"), supervisor, "{\"approve\": true}");
            }
            call("POST", uri("task-service", "/api/assignments/" + id + "/complete"), supervisor, null);
        }
        JsonNode detail = provincialTask(PROVINCIAL_SIX);
        assertTrue(detail.path("proposedCompletion").path("proposed").asBoolean(), detail.path("proposedCompletion").toString());
        call("POST", complete, supervisor, "{\"summary\": \"证明事项和涉企经营许可事项告知承诺制已全面落实\"}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> province.messages().stream().anyMatch(r -> "COMPLETE".equals(r.msgType())));
        List<Received> completes = province.accepted("COMPLETE");
        assertEquals(1, completes.size());
        assertEquals(PROVINCIAL_SIX, completes.get(0).provTaskId());
        assertFalse(completes.get(0).payload().path("summary").asText().isBlank());
    }

    // ------------------------------------------------------------------ helpers

    private static List<Received> progressFor(String provTaskId) {
        return province.accepted("PROGRESS").stream().filter(r -> provTaskId.equals(r.provTaskId())).toList();
    }

    private static JsonNode provincialTask(String provTaskId) throws Exception {
        return call("GET", uri("task-service", "/api/provincial-tasks/" + provincialTasks.get(provTaskId)), Tokens.supervisor(), null);
    }

    /** The county task of 附件1 that implements the provincial task. */
    private static String countyTaskOf(String provTaskId) throws Exception {
        for (JsonNode link : provincialTask(provTaskId).path("links")) {
            if (link.path("annex").asText().equals("附件1")) {
                return link.path("countyTaskId").asText();
            }
        }
        return fail("no county task of 附件1 implements " + provTaskId);
    }

    /** The open assignments of a task (id → role), read from task-service's database: no API lists them by task yet. */
    private static Map<String, String> assignmentsOf(String taskId) throws Exception {
        Map<String, String> assignments = new HashMap<>();
        try (var c = system.postgres.connect("duban_task");
                var s = c.prepareStatement("select id, role from assignment where task_id = ?::uuid and status not in ('RETURNED', 'WITHDRAWN')")) {
            s.setString(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    assignments.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        assertFalse(assignments.isEmpty(), "task " + taskId + " has assignments");
        return assignments;
    }

    private static URI uri(String service, String path) {
        return stack.uri(service, path);
    }

    private static HttpResponse<String> send(String method, URI uri, String token, String json) throws Exception {
        return ProvinceWiring.send(method, uri, token, json);
    }

    private static JsonNode call(String method, URI uri, String token, String json) throws Exception {
        return ProvinceWiring.call(method, uri, token, json);
    }
}
