package org.duban.notification.workqueue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.DomainEvent;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.supervision.RectificationClosed;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.RectificationReported;
import org.duban.events.task.AssignmentReturned;
import org.duban.events.task.AssignmentWithdrawn;
import org.duban.events.task.ExtensionDecided;
import org.duban.events.task.ExtensionRequested;
import org.duban.events.task.ProgressReported;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ReportReviewed;
import org.duban.events.task.TaskAssigned;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Issue 22, the office's work queue (待办): events open and close its items, for the office and for a lead unit; a
 * replay changes nothing; another unit's officer sees none of it; a return and an extension request reach the office at
 * once (not at the 08:00 digest), once.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class WorkQueueTest {

    private static final UUID OFFICE_UNIT = UUID.fromString("00000000-0000-0000-0000-00000000d0c5");
    private static final String OFFICE_MAIL = "duchashi@duban.local";

    /** 10:00 in Beijing: far from the 08:00 digest. */
    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    private record Scene(String run, UUID lead, UUID co, UUID other, UUID task, UUID leadAssignment, UUID coAssignment, UUID task2,
            UUID returned, UUID request, UUID leadReport, UUID coReport, UUID rectification, String provTaskId, UUID provincialTask,
            List<Publish.Sent> tasks, List<Publish.Sent> supervision, List<Publish.Sent> province) {
    }

    private Instant at(int minutes) {
        return Instant.parse("2021-07-20T02:00:00Z").plusSeconds(60L * minutes);
    }

    private Scene scene() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID lead = UUID.randomUUID();
        UUID co = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(lead, "县水利局-" + run, null, null, null, null),
                Units.withContacts(co, "县农业农村局-" + run, null, null, null, null),
                Units.withContacts(other, "县教育局-" + run, null, null, null, null)), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> UnitReplica.findById(lead) != null && UnitReplica.findById(co) != null && UnitReplica.findById(other) != null));

        UUID task = UUID.randomUUID();
        UUID leadAssignment = UUID.randomUUID();
        UUID coAssignment = UUID.randomUUID();
        UUID task2 = UUID.randomUUID();
        UUID returned = UUID.randomUUID();
        UUID request = UUID.randomUUID();
        UUID leadReport = UUID.randomUUID();
        UUID coReport = UUID.randomUUID();
        Instant due = Instant.parse("2021-12-31T15:59:59Z");
        String title = "农田水利建设-" + run;
        UUID provincialTask = UUID.randomUUID();
        String provTaskId = "HN2021-WQ-" + run;
        List<DomainEvent> taskEvents = List.of(
                new TaskAssigned(leadAssignment, task, title, lead, "LEAD", due, at(0), null, null, "（三）"),
                new TaskAssigned(coAssignment, task, title, co, "CO_RESPONSIBLE", due, at(0), null, null, "（三）"),
                new TaskAssigned(returned, task2, "退回的任务-" + run, co, "LEAD", due, at(1), null, null, "（四）"),
                new ExtensionRequested(request, leadAssignment, task, lead, due, Instant.parse("2022-03-31T15:59:59Z"), "用地审批未完成。", at(5)),
                new ProgressReported(leadReport, leadAssignment, task, lead, 60, "已完成渠道清淤", at(3), "2021-Q3", true),
                new ProgressReported(coReport, coAssignment, task, co, 40, "已落实资金", at(4)),
                new AssignmentReturned(returned, task2, co, "不属于本单位职责", at(2)),
                new ProvinceUrged("msg-urge-" + run, provincialTask, provTaskId, "（六）", "省级任务-" + run, "URGE", null, "进度滞后",
                        Instant.parse("2021-07-30T10:00:00Z"), List.of(task), List.of(lead), at(7)));
        UUID rectification = UUID.randomUUID();
        UUID inspection = UUID.randomUUID();
        List<DomainEvent> supervisionEvents = List.of(
                new RectificationOrdered(rectification, UUID.randomUUID(), inspection, co, "补齐工程台账-" + run, due, at(0)),
                new RectificationReported(rectification, inspection, co, "台账已补齐", at(6)));
        List<DomainEvent> provinceEvents = List.of(new ProvincialTaskIssued("msg-issue-" + run, provTaskId, "豫督〔2021〕1号", "工作要点",
                "一", "总体要求", "（六）", "省级任务-" + run, "正文", "省政务服务中心", "2021年底前", due, "MONTHLY", "省督查室", at(8)));
        return new Scene(run, lead, co, other, task, leadAssignment, coAssignment, task2, returned, request, leadReport, coReport,
                rectification, provTaskId, provincialTask, Publish.all(taskEvents, "task-service"),
                Publish.all(supervisionEvents, "supervision-service"), Publish.all(provinceEvents, "province-gateway"));
    }

    private static JsonPath queue(String token, String query) {
        return given().auth().oauth2(token).get("/api/work-queue?size=500" + query).then().statusCode(200).extract().jsonPath();
    }

    /** The office's items of this scene, by kind. */
    private static List<Map<String, Object>> officeItems(Scene s) {
        List<Map<String, Object>> items = queue(Tokens.supervisor(), "").getList("items");
        Set<String> mine = Set.of(s.task.toString(), s.task2.toString(), s.provincialTask.toString());
        return items.stream().filter(i -> mine.contains(String.valueOf(i.get("taskId"))) || s.provTaskId.equals(i.get("provTaskId"))
                || s.co.toString().equals(i.get("unitId"))).toList();
    }

    private static Set<String> kinds(List<Map<String, Object>> items) {
        return items.stream().map(i -> (String) i.get("kind")).collect(Collectors.toSet());
    }

    @Test
    void eventsOpenTheOfficesAndTheLeadUnitsItemsAndTheirAnswersCloseThem() {
        Scene s = scene();
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).size() == 6);
        List<Map<String, Object>> office = officeItems(s);
        // oldest first by the events' own times: 退回 (2), lead report (3), extension (5), rectification (6), 催办 (7), 下发 (8)
        assertEquals(List.of("RETURNED", "REPORT_REVIEW", "EXTENSION_REQUEST", "RECTIFICATION_REVIEW", "PROVINCE_URGED", "PROVINCIAL_TASK"),
                office.stream().map(i -> (String) i.get("kind")).toList());
        Map<String, Object> extension = office.get(2);
        assertEquals("/api/assignments/" + s.leadAssignment + "/extensions/" + s.request + "/decision",
                ((Map<?, ?>) extension.get("link")).get("href"));
        assertEquals("task-service", ((Map<?, ?>) extension.get("link")).get("service"));
        assertEquals("农田水利建设-" + s.run, extension.get("taskTitle"));
        assertEquals("（三）", extension.get("taskNumber"));
        assertEquals("县水利局-" + s.run, extension.get("unitName"));
        assertEquals("2021-07-20T02:05:00Z", extension.get("since"));
        assertTrue(((String) extension.get("detail")).contains("申请延至2022年3月31日"), (String) extension.get("detail"));
        assertEquals("/api/assignments/" + s.returned + "/reassign", ((Map<?, ?>) office.get(0).get("link")).get("href"));
        assertEquals("/api/rectifications/" + s.rectification + "/review", ((Map<?, ?>) office.get(3).get("link")).get("href"));
        assertEquals("supervision-service", ((Map<?, ?>) office.get(3).get("link")).get("service"));
        assertEquals("/api/provincial-tasks/" + s.provincialTask + "/progress", ((Map<?, ?>) office.get(4).get("link")).get("href"));
        JsonPath whole = queue(Tokens.supervisor(), "");
        Map<String, Integer> counts = whole.getMap("counts");
        assertEquals(whole.getLong("total"), counts.values().stream().mapToLong(Integer::longValue).sum());
        for (String kind : kinds(office)) {
            assertTrue(counts.getOrDefault(kind, 0) >= 1, kind + " counted: " + counts);
        }
        JsonPath extensions = queue(Tokens.supervisor(), "&kind=EXTENSION_REQUEST");
        assertEquals(Set.of("EXTENSION_REQUEST"), Set.copyOf(extensions.getList("items.kind")));
        assertEquals(1, extensions.getList("items.link.href", String.class).stream().filter(h -> h.contains(s.request.toString())).count());
        given().auth().oauth2(Tokens.supervisor()).get("/api/work-queue?kind=NOTHING").then().statusCode(400);

        // the lead unit reviews its co-unit's report: that is its whole queue
        JsonPath lead = queue(Tokens.officerOf(s.lead), "");
        assertEquals(s.lead.toString(), lead.getString("owner"));
        assertEquals(List.of("REPORT_REVIEW"), lead.getList("items.kind"));
        assertEquals(s.coAssignment.toString(), lead.getString("items[0].assignmentId"));
        assertEquals("县农业农村局-" + s.run, lead.getString("items[0].unitName"));
        assertEquals("/api/assignments/" + s.coAssignment + "/review", lead.getString("items[0].link.href"));
        assertEquals(Map.of("REPORT_REVIEW", 1), lead.getMap("counts"));
        // the co-unit and any other unit see nothing of it, and may not read the lead unit's queue
        assertEquals(List.of(), queue(Tokens.officerOf(s.co), "").getList("items"));
        assertEquals(List.of(), queue(Tokens.officerOf(s.other), "").getList("items"));
        given().auth().oauth2(Tokens.officerOf(s.other)).get("/api/work-queue?unitId=" + s.lead).then().statusCode(403);
        assertEquals(1, queue(Tokens.supervisor(), "&unitId=" + s.lead).getList("items").size());

        // the answers
        Publish.all(List.of(new ExtensionDecided(s.request, s.leadAssignment, s.task, s.lead, true, Instant.parse("2022-03-31T15:59:59Z"),
                null, at(10)),
                new ReportReviewed(s.leadReport, s.leadAssignment, s.task, s.lead, true, null, "supervisor", at(11)),
                new ReportReviewed(s.coReport, s.coAssignment, s.task, s.co, false, "缺少佐证", "officer", at(12)),
                new TaskAssigned(UUID.randomUUID(), s.task2, "退回的任务-" + s.run, s.other, "LEAD", null, at(13), null, null, "（四）",
                        s.returned),
                new ProvincialProgressCompiled(UUID.randomUUID(), s.provincialTask, s.provTaskId, "2021-07", 60, "进展", List.of(),
                        List.of(), List.of(), "supervisor", at(14)),
                new ProvincialTaskAccepted(s.provincialTask, s.provTaskId, "supervisor", at(15))), "task-service");
        Publish.all(List.of(new RectificationClosed(s.rectification, UUID.randomUUID(), s.co, false, "已销号", at(16))),
                "supervision-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).isEmpty());
        assertEquals(List.of(), queue(Tokens.officerOf(s.lead), "").getList("items"));
        assertEquals(7, closed(s), "every item closed (the lead unit's review too), none deleted");
    }

    @Test
    void aReassignmentClosesTheReturnItNamesNotTheOldestOfItsTaskAndRole() {
        Scene s = scene();
        // a second LEAD assignment of task2, returned after the scene's: two returns of one task and role wait
        UUID second = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(second, s.task2, "退回的任务-" + s.run, s.other, "LEAD", null, at(20), null, null, "（四）"),
                new AssignmentReturned(second, s.task2, s.other, "职责不符", at(21))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> returnsOn(s).equals(Set.of(s.returned.toString(), second.toString())));
        // the office reassigns the second one (改派): TaskAssigned names it (issue 22), so its return closes, not the oldest
        Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), s.task2, "退回的任务-" + s.run, s.lead, "LEAD", null, at(22), null,
                null, "（四）", second)), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> returnsOn(s).equals(Set.of(s.returned.toString())));
    }

    /** The assignments of task2 whose return (退回) waits on the office. */
    private static Set<String> returnsOn(Scene s) {
        return officeItems(s).stream().filter(i -> "RETURNED".equals(i.get("kind")) && s.task2.toString().equals(i.get("taskId")))
                .map(i -> (String) i.get("assignmentId")).collect(Collectors.toSet());
    }

    @Test
    void aCoUnitsReportWaitsForTheOfficeWhileTheTaskHasNoLeadUnitAndWithdrawalClosesIt() {
        Scene s = scene();
        await().atMost(Duration.ofSeconds(30)).until(() -> queue(Tokens.officerOf(s.lead), "").getList("items").size() == 1);
        Publish.all(List.of(new AssignmentReturned(s.leadAssignment, s.task, s.lead, "不属于本单位职责", at(20))), "task-service");
        // the lead unit returned the task: its co-unit's report now waits for the office, and the lead unit's queue is empty
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).stream()
                .anyMatch(i -> s.coAssignment.toString().equals(i.get("assignmentId"))));
        assertEquals(List.of(), queue(Tokens.officerOf(s.lead), "").getList("items"));
        // the return closed what waited on the lead assignment (its extension request, its report) and opened its own item
        List<String> onLead = officeItems(s).stream().filter(i -> s.leadAssignment.toString().equals(i.get("assignmentId")))
                .map(i -> (String) i.get("kind")).toList();
        assertEquals(List.of("RETURNED"), onLead);

        Publish.all(List.of(new AssignmentWithdrawn(s.coAssignment, s.task, "农田水利建设-" + s.run, s.co, "CO_RESPONSIBLE", "REPORTED",
                "交办有误", "supervisor", at(21)),
                new AssignmentWithdrawn(s.leadAssignment, s.task, "农田水利建设-" + s.run, s.lead, "LEAD", "RETURNED",
                        "不再交办", "supervisor", at(22))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).stream()
                .noneMatch(i -> s.task.toString().equals(i.get("taskId"))));
    }

    @Test
    void replayingTheSameEventsChangesNothingAndAnsweredItemsStayClosed() {
        Scene s = scene();
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).size() == 6);
        long[] before = rows(s);

        // the same events again, same ids (a redelivery): nothing new; a later event of the same keys shows they were read
        Publish.again(s.tasks, "task-service");
        Publish.again(s.supervision, "supervision-service");
        Publish.again(s.province, "province-gateway");
        UUID marker = UUID.randomUUID();
        Publish.all(List.of(new ExtensionRequested(marker, s.leadAssignment, s.task, s.lead, null, null, "再次申请", at(30))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).size() == 7);
        long[] after = rows(s);
        assertEquals(before[0] + 1, after[0], "one item more: the marker's");
        assertEquals(before[1], after[1], "assignments");

        // answered, then the opening events again under new ids (processed-event rows purged): they stay answered
        Publish.all(List.of(new ExtensionDecided(s.request, s.leadAssignment, s.task, s.lead, false, null, "理由不足", at(31)),
                new ExtensionDecided(marker, s.leadAssignment, s.task, s.lead, false, null, "理由不足", at(31)),
                new ReportReviewed(s.leadReport, s.leadAssignment, s.task, s.lead, true, null, "supervisor", at(32))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).stream().noneMatch(i -> s.leadAssignment.toString().equals(i.get("assignmentId"))));
        List<DomainEvent> openers = new ArrayList<>();
        s.tasks.stream().map(Publish.Sent::event).filter(e -> e instanceof ExtensionRequested || e instanceof ProgressReported).forEach(openers::add);
        Publish.all(openers, "task-service");
        UUID marker2 = UUID.randomUUID();
        Publish.all(List.of(new ExtensionRequested(marker2, s.coAssignment, s.task, s.co, null, null, "标记", at(40))), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> officeItems(s).stream().anyMatch(i -> String.valueOf(i.get("link")).contains(marker2.toString())));
        assertTrue(officeItems(s).stream().noneMatch(i -> s.leadAssignment.toString().equals(i.get("assignmentId"))),
                "the extension request and the lead report stay answered");
        assertEquals(before[0] + 2, rows(s)[0], "only the two markers' items were added");
    }

    @Test
    void aReturnAndAnExtensionRequestReachTheOfficeAtOnceAndOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县林业局-" + run, null, null, null, null)), "unit-service");
        UUID task = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String title = "森林防火-" + run;
        List<Publish.Sent> sent = Publish.all(List.of(
                new TaskAssigned(assignment, task, title, unit, "LEAD", Instant.parse("2021-12-31T15:59:59Z"), clock.instant()),
                new TaskAssigned(other, task, title, UUID.randomUUID(), "CO_RESPONSIBLE", null, clock.instant()),
                new AssignmentReturned(assignment, task, unit, "不属于本单位职责", clock.instant())), "task-service");
        // at once: the clock stays at 10:00, the office's mail is DAILY (the digest is at 08:00)
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects().contains("任务被退回：" + title));
        Publish.again(sent, "task-service");
        Publish.all(List.of(new ExtensionRequested(UUID.randomUUID(), other, task, UUID.randomUUID(), Instant.parse("2021-12-31T15:59:59Z"),
                Instant.parse("2022-06-30T15:59:59Z"), "资金未到位", clock.instant())), "task-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects().contains("延期申请待审批：" + title));
        assertEquals(1, subjects().stream().filter(("任务被退回：" + title)::equals).count(), "one mail for the return");
        assertEquals(1, subjects().stream().filter(("延期申请待审批：" + title)::equals).count(), "one mail for the request");
        List<String> inbox = given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + OFFICE_UNIT + "&size=500")
                .then().statusCode(200).extract().path("items.title");
        assertEquals(1, inbox.stream().filter(("任务被退回：" + title)::equals).count(), inbox.toString());
        assertEquals(1, inbox.stream().filter(("延期申请待审批：" + title)::equals).count(), inbox.toString());
        String text = MailServer.text(MailServer.to(OFFICE_MAIL).stream()
                .filter(m -> MailServer.subject(m).equals("延期申请待审批：" + title)).findFirst().orElseThrow());
        assertTrue(text.contains("由2021年12月31日延至2022年6月30日，理由：资金未到位。请督查室审批。"), text);
    }

    @Inject
    WorkQueue workQueue;

    /**
     * A provincial task's TASK_ISSUE (province events) and its 签收 (task events) are read by two consumers, so they may
     * be applied at the same moment: started from a barrier, many rounds, the task never stays waiting once signed for.
     */
    @Test
    void aProvincialTaskIssuedAndSignedForAtTheSameMomentIsNeverLeftWaiting() throws Exception {
        int rounds = 60;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> provTaskIds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                String provTaskId = "HN2021-RACE-" + UUID.randomUUID();
                provTaskIds.add(provTaskId);
                Instant issuedAt = at(0);
                CyclicBarrier barrier = new CyclicBarrier(2);
                Future<?> issue = pool.submit(() -> apply(barrier, new ProvincialTaskIssued("msg-" + provTaskId, provTaskId, "豫督〔2021〕1号",
                        "工作要点", "一", "总体要求", "（一）", "竞态任务", "正文", null, null, null, null, "省督查室", issuedAt)));
                Future<?> accept = pool.submit(() -> apply(barrier, new ProvincialTaskAccepted(UUID.randomUUID(), provTaskId, "auto", at(1))));
                issue.get(30, TimeUnit.SECONDS);
                accept.get(30, TimeUnit.SECONDS);
            }
            long open = QuarkusTransaction.requiringNew().call(() -> ((Number) Arc.container().instance(EntityManager.class).get()
                    .createNativeQuery("select count(*) from work_item where closed_at is null and prov_task_id in (:ids)")
                    .setParameter("ids", provTaskIds).getSingleResult()).longValue());
            assertEquals(0, open, "provincial tasks signed for but still waiting in the queue");
        } finally {
            pool.shutdownNow();
        }
    }

    private Void apply(CyclicBarrier barrier, DomainEvent event) throws Exception {
        barrier.await(30, TimeUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> workQueue.on(UUID.randomUUID(), event));
        return null;
    }

    private static List<String> subjects() {
        return MailServer.to(OFFICE_MAIL).stream().map(MailServer::subject).toList();
    }

    /** Rows of the scene: work items (open or closed) and remembered assignments. */
    private static long[] rows(Scene s) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = Arc.container().instance(EntityManager.class).get();
            long items = ((Number) em.createNativeQuery("""
                    select count(*) from work_item where task_id in (?1, ?2, ?3) or prov_task_id = ?4 or subject = ?5""")
                    .setParameter(1, s.task).setParameter(2, s.task2).setParameter(3, s.provincialTask).setParameter(4, s.provTaskId)
                    .setParameter(5, s.rectification.toString()).getSingleResult()).longValue();
            long assignments = ((Number) em.createNativeQuery("select count(*) from work_assignment where task_id in (?1, ?2)")
                    .setParameter(1, s.task).setParameter(2, s.task2).getSingleResult()).longValue();
            return new long[] {items, assignments};
        });
    }

    private static long closed(Scene s) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = Arc.container().instance(EntityManager.class).get();
            return ((Number) em.createNativeQuery("""
                    select count(*) from work_item where (task_id in (?1, ?2, ?3) or prov_task_id = ?4 or subject = ?5)
                    and closed_at is not null""")
                    .setParameter(1, s.task).setParameter(2, s.task2).setParameter(3, s.provincialTask).setParameter(4, s.provTaskId)
                    .setParameter(5, s.rectification.toString()).getSingleResult()).longValue();
        });
    }
}
