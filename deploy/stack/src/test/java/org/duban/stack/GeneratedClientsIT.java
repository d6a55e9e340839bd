package org.duban.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.duban.client.notification.api.InboxApi;
import org.duban.client.notification.api.WorkQueueApi;
import org.duban.client.notification.model.InboxEntry;
import org.duban.client.supervision.api.BulletinsApi;
import org.duban.client.supervision.api.CardsApi;
import org.duban.client.supervision.api.StatusApi;
import org.duban.client.supervision.model.BulletinDraftRequest;
import org.duban.client.supervision.model.ManualCard;
import org.duban.client.task.api.TaskApi;
import org.duban.client.task.model.NewReport;
import org.duban.client.task.model.Review;
import org.duban.testing.Tokens;

/**
 * Issue 22: the OpenAPI documents serve a real consumer. Every call below goes through the Java clients that
 * openapi-generator writes at build time from each service's own document ({@code <service>/target/openapi/openapi.json},
 * deploy/stack's pom: packages {@code org.duban.client.task|supervision|notification}); this test only points each
 * generated {@code ApiClient} at a service and adds the caller's bearer token, and writes no HTTP of its own.
 *
 * <p>One working day on the real stack (the packaged services, PostgreSQL, Kafka and an OIDC provider: the
 * {@link SharedStack}):
 * the supervision office imports the county notice, adopted today (生效日期); a co-responsible unit signs for its
 * assignment (签收) and reports progress (反馈); the lead unit signs for its own and reviews the co-unit's report (复核);
 * the office issues a yellow card (亮牌) once supervision-service knows the assignment, drafts a bulletin (通报) and
 * publishes it; the co-unit reads its inbox in notification-service, where the card's notice has arrived, and marks it
 * read.
 */
@UsesSharedStack
class GeneratedClientsIT {

    static final Duration EVENTS = Duration.ofSeconds(60);

    static SharedStack stack;

    @BeforeAll
    static void useStack(SharedStack shared) {
        stack = shared;
    }

    @Test
    void aWorkingDayThroughTheGeneratedClients() throws Exception {
        long started = System.nanoTime();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        // this test's own copy of the notice (the other tests import theirs into the same task-service)
        String notice = SharedStack.countyNotice(false);

        // 导入 — the office imports the county notice, adopted today: nothing before today counts against anyone
        TaskApi office = new TaskApi(task(Tokens.supervisor()));
        var imported = office.importPlan(notice, null, false, today, null, null);
        assertEquals(false, imported.getExisting());
        var plan = imported.getPlans().get(0);
        assertEquals(32L, plan.getAnnexes().get(0).getTaskCount().longValue(), "附件1 has 32 tasks");
        assertTrue(office.listPlans().stream().anyMatch(p -> plan.getId().equals(p.getId())), "the plan is listed");

        // a task led by one unit and shared by another, both resolved to units of unit-service
        var tasks = office.listTasks(1000, null, null, plan.getId(), null, null, null);
        var shared = tasks.stream()
                .filter(t -> t.getLeadUnits().stream().anyMatch(u -> u.getId() != null)
                        && t.getResponsibleUnits().stream().anyMatch(u -> u.getId() != null))
                .findFirst().orElseThrow(() -> new AssertionError("no task of the notice has a lead and a co-responsible unit"));
        UUID leadUnit = shared.getLeadUnits().stream().map(u -> u.getId()).filter(Objects::nonNull).findFirst().orElseThrow();
        UUID coUnit = shared.getResponsibleUnits().stream().map(u -> u.getId()).filter(Objects::nonNull)
                .filter(u -> !u.equals(leadUnit)).findFirst().orElseThrow();
        var assignments = office.listAssignments(null, null, shared.getId(), null);
        UUID leadAssignment = assignments.stream().filter(a -> a.getUnitId().equals(leadUnit)).findFirst().orElseThrow().getId();
        UUID coAssignment = assignments.stream().filter(a -> a.getUnitId().equals(coUnit)).findFirst().orElseThrow().getId();

        // 签收 and 反馈 — the co-responsible unit signs for its assignment and reports progress
        TaskApi co = new TaskApi(task(Tokens.officerOf(coUnit)));
        assertEquals("ACCEPTED", String.valueOf(co.acceptAssignment(coAssignment).getStatus()));
        co.reportProgress(coAssignment, new NewReport().percentComplete(60)
                .narrative("已完成事项梳理，正在对接省级平台接口。"));
        assertEquals("REPORTED", String.valueOf(co.getAssignment(coAssignment).getStatus()));

        // 签收 and 复核 — the lead unit signs for its own assignment and reviews the co-unit's report
        TaskApi lead = new TaskApi(task(Tokens.officerOf(leadUnit)));
        assertEquals("ACCEPTED", String.valueOf(lead.acceptAssignment(leadAssignment).getStatus()));
        var reviewed = lead.reviewReport(coAssignment, new Review().approve(true).note("进展属实"));
        assertEquals("APPROVED", String.valueOf(reviewed.getReviewStatus()));

        // 亮牌 — once supervision-service has the assignment (TaskAssigned), the office issues a yellow card
        StatusApi board = new StatusApi(supervision(Tokens.supervisor()));
        await().atMost(EVENTS).pollInterval(Duration.ofMillis(300))
                .until(() -> board.listStatus(shared.getId(), null).stream().anyMatch(s -> coAssignment.equals(s.getAssignmentId())));
        String reason = "进展报送不及时，请加快推进";
        var card = new CardsApi(supervision(Tokens.supervisor())).issueCard(new ManualCard().unitId(coUnit).color("YELLOW")
                .reason(reason).taskId(shared.getId()).assignmentId(coAssignment));
        assertEquals("YELLOW", card.getColor());
        assertEquals(coUnit, card.getUnitId());

        // 通报 — drafted from live data for the last 30 days of this plan, then published
        BulletinsApi bulletins = new BulletinsApi(supervision(Tokens.supervisor()));
        var draft = bulletins.draftBulletin(new BulletinDraftRequest().periodStart(today.minusDays(30)).periodEnd(today)
                .planId(plan.getId()).documentNumber("县督查〔" + today.getYear() + "〕1号"));
        assertEquals("DRAFT", draft.getStatus());
        var published = bulletins.publishBulletin(draft.getBulletinId());
        assertEquals("PUBLISHED", published.getStatus());
        assertNotNull(published.getPublishedAt());

        // 收件箱 — the co-unit reads its inbox: its 交办 notice and the card's notice (WarningIssued), then marks the card read
        InboxApi inbox = new InboxApi(notification(Tokens.officerOf(coUnit)));
        // the seed units are shared with the other system tests: this card's notice is the WARNING naming its reason
        Predicate<InboxEntry> thisCard = e -> "WARNING".equals(e.getKind())
                && (e.getTitle() + e.getBody()).contains(reason);
        await().atMost(EVENTS).pollInterval(Duration.ofMillis(300))
                .until(() -> inbox.listInbox(0, 200, coUnit).getItems().stream().anyMatch(thisCard));
        var page = inbox.listInbox(0, 200, coUnit);
        assertTrue(page.getItems().stream().anyMatch(e -> "ASSIGNED".equals(e.getKind())), "the 交办 notice: " + page);
        var cardNotice = page.getItems().stream().filter(thisCard).findFirst().orElseThrow();
        assertTrue(inbox.markInboxEntryRead(cardNotice.getId()).getRead());
        assertEquals(page.getUnread() - 1, inbox.listInbox(0, 200, coUnit).getUnread());

        // 待办 — the office's work queue answers through its generated client too
        var queue = new WorkQueueApi(notification(Tokens.supervisor())).workQueue(null, 0, 50, null);
        assertEquals("OFFICE", queue.getOwner());

        System.out.printf(Locale.ROOT, "GeneratedClientsIT: the working day took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    // One generated ApiClient per service and caller: its base URI and the caller's bearer token (the documents name
    // the bearer scheme; the "native" library leaves adding it to a request interceptor). Nothing else is hand-written.

    private static org.duban.client.task.ApiClient task(String token) {
        org.duban.client.task.ApiClient client = new org.duban.client.task.ApiClient();
        client.updateBaseUri(running("task-service").uri("").toString());
        client.setReadTimeout(Duration.ofSeconds(60)); // the import resolves 49 tasks' units at unit-service
        client.setRequestInterceptor(bearer(token));
        return client;
    }

    private static org.duban.client.supervision.ApiClient supervision(String token) {
        org.duban.client.supervision.ApiClient client = new org.duban.client.supervision.ApiClient();
        client.updateBaseUri(running("supervision-service").uri("").toString());
        client.setRequestInterceptor(bearer(token));
        return client;
    }

    private static org.duban.client.notification.ApiClient notification(String token) {
        org.duban.client.notification.ApiClient client = new org.duban.client.notification.ApiClient();
        client.updateBaseUri(running("notification-service").uri("").toString());
        client.setRequestInterceptor(bearer(token));
        return client;
    }

    private static Consumer<HttpRequest.Builder> bearer(String token) {
        return b -> b.header("Authorization", "Bearer " + token);
    }

    private static ServiceProcess running(String name) {
        return stack.service(name);
    }
}
