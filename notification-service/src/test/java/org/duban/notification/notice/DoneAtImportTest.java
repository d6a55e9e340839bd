package org.duban.notification.notice;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import org.duban.events.task.TaskAssigned;
import org.duban.events.task.TaskCompleted;
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

/**
 * Issue 22/23: work already done when its plan was imported ({@code TaskAssigned.completedAtImport}, followed by its
 * {@code TaskCompleted}) asks no one to sign for it — no 交办 notice, inbox entry, delivery or work-queue item — while the
 * assignment is still remembered (its title, its status COMPLETED), whichever of the two events is read first. An
 * ordinary 交办 beside it is told as before. Counted at the real SMTP server and in the inbox rows.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class DoneAtImportTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T02:00:00Z"));

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    @Test
    void workDoneAtImportIsNotHandedToTheUnitToSignFor() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String duty = "duty-" + run + "@done-at-import.test";
        UUID unit = UUID.randomUUID();
        Publish.all(List.of(Units.withContacts(unit, "县数据局", duty, null, null, null)), "unit-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() -> UnitReplica.findById(unit) != null));
        // email at once, so a 交办 notice would be a mail now and not in the 08:00 digest
        given().auth().oauth2(Tokens.officerOf(unit)).contentType("application/json").body("{\"mode\":\"IMMEDIATE\"}")
                .put("/api/notification-preferences/" + unit + "/EMAIL").then().statusCode(200);

        Instant now = clock.instant();
        UUID plan = UUID.randomUUID();
        UUID doneTask = UUID.randomUUID();
        UUID done = UUID.randomUUID();
        UUID openTask = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        UUID reversedTask = UUID.randomUUID();
        UUID reversed = UUID.randomUUID();
        UUID lastOfDoneTask = UUID.randomUUID();
        String doneTitle = "已办结-" + run;
        String openTitle = "新任务-" + run;
        String reversedTitle = "先办结后交办-" + run;
        String lastTitle = "同一任务的新交办-" + run;
        Publish.all(List.of(
                // as task-service announces 办结 at import: TaskAssigned (flagged) then TaskCompleted, one change
                new TaskAssigned(done, doneTask, doneTitle, unit, "LEAD", null, now, plan, null, "（一）", null, now),
                new TaskCompleted(done, doneTask, unit, null, true, true, now),
                // an ordinary 交办 of the same import
                new TaskAssigned(open, openTask, openTitle, unit, "LEAD", null, now, plan, null, "（二）"),
                // the completion read first (an event read again after its processed-event row was purged)
                new TaskCompleted(reversed, reversedTask, unit, null, true, true, now),
                new TaskAssigned(reversed, reversedTask, reversedTitle, unit, "LEAD", null, now, plan, null, "（三）", null, now),
                // consumed after the flagged events of its task (same key, same partition): then they were read too
                new TaskAssigned(lastOfDoneTask, doneTask, lastTitle, unit, "CO_RESPONSIBLE", null, now, plan, null, "（一）"),
                new TaskAssigned(UUID.randomUUID(), reversedTask, lastTitle, unit, "CO_RESPONSIBLE", null, now, plan, null, "（三）")),
                "task-service");

        await().atMost(Duration.ofSeconds(30)).until(() -> MailServer.to(duty).size() >= 3 && inboxTitles(unit).size() >= 3);
        List<String> titles = inboxTitles(unit);
        assertEquals(1, count(titles, "新交办任务：" + openTitle), titles.toString());
        assertEquals(2, count(titles, "新交办任务：" + lastTitle), titles.toString());
        assertEquals(0, count(titles, doneTitle), "no 交办 notice for work done at import: " + titles);
        assertEquals(0, count(titles, reversedTitle), "nor when its completion was read first: " + titles);
        assertEquals(3, titles.size(), titles.toString());
        List<String> subjects = MailServer.to(duty).stream().map(MailServer::subject).toList();
        assertEquals(1, count(subjects, openTitle), subjects.toString());
        assertEquals(0, count(subjects, doneTitle), subjects.toString());
        assertEquals(0, count(subjects, reversedTitle), subjects.toString());
        assertEquals(3, subjects.size(), subjects.toString());

        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager em = Arc.container().instance(EntityManager.class).get();
            assertEquals(0L, number(em.createNativeQuery("select count(*) from delivery where assignment_id in (?1, ?2)")
                    .setParameter(1, done).setParameter(2, reversed).getSingleResult()), "no delivery of any kind");
            assertEquals(0L, number(em.createNativeQuery("select count(*) from work_item where assignment_id in (?1, ?2)")
                    .setParameter(1, done).setParameter(2, reversed).getSingleResult()), "nothing waits in the work queue");
            // the projection still knows the work: its status and its title for later notices
            assertEquals(List.of("COMPLETED", "COMPLETED"), em.createNativeQuery(
                    "select status from work_assignment where assignment_id in (?1, ?2)")
                    .setParameter(1, done).setParameter(2, reversed).getResultList());
            assertEquals(List.of(doneTitle), em.createNativeQuery("select title from assignment_info where assignment_id = ?1")
                    .setParameter(1, done).getResultList());
        });
        List<String> queue = given().auth().oauth2(Tokens.officerOf(unit)).get("/api/work-queue?size=500")
                .then().statusCode(200).extract().path("items.assignmentId");
        assertTrue(queue.isEmpty(), queue.toString());
    }

    private static List<String> inboxTitles(UUID unit) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unit + "&size=500")
                .then().statusCode(200).extract().path("items.title");
    }

    private static long count(List<String> texts, String part) {
        return texts.stream().filter(t -> t.contains(part)).count();
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }
}
