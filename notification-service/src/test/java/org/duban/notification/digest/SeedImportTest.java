package org.duban.notification.digest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.duban.events.task.TaskAssigned;
import org.duban.events.unit.UnitSnapshot;
import org.duban.notification.delivery.Delivery;
import org.duban.notification.delivery.Dispatcher;
import org.duban.notification.support.MailServer;
import org.duban.notification.support.Publish;
import org.duban.notification.support.Units;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.RealInfrastructure;
import org.duban.testing.SeedDocuments;
import org.duban.testing.TestClock;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The county seed notice as a burst of TaskAssigned events: one inbox entry per assignment, and — email digest on,
 * the default — exactly one digest email per duty contact at the digest time, however many tasks the unit got.
 * Redelivered events and dispatchers racing each other send nothing twice.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
public class SeedImportTest {

    // 10:00 in the county on 23 July 2021, the notice's day
    private final TestClock clock = new TestClock(Instant.parse("2021-07-23T02:00:00Z"));

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void installClock() {
        QuarkusMock.installMockForType(clock, Clock.class);
    }

    /** The seed notice's rows as (unit name → assignments), each unit name split out of the lead/responsible cells. */
    public static Map<String, List<String[]>> assignmentsByUnit() {
        Map<String, List<String[]>> byUnit = new LinkedHashMap<>();
        for (SeedDocuments.NoticeRow row : SeedDocuments.noticeRows()) {
            add(byUnit, row.task(), row.lead(), "LEAD");
            add(byUnit, row.task(), row.responsible(), "CO_RESPONSIBLE");
        }
        return byUnit;
    }

    private static void add(Map<String, List<String[]>> byUnit, String task, String cell, String role) {
        Arrays.stream(cell.split("[、，,；;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                .forEach(name -> byUnit.computeIfAbsent(name, n -> new ArrayList<>()).add(new String[] { task, role }));
    }

    @Test
    void theSeedNoticeGivesEachUnitOneInboxEntryPerAssignmentAndItsDutyContactOneDigestEmail() {
        Map<String, List<String[]>> byUnit = assignmentsByUnit();
        assertTrue(byUnit.size() > 10, "the seed notice names many units: " + byUnit.keySet());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, UUID> ids = new LinkedHashMap<>();
        Map<String, String> mails = new LinkedHashMap<>();
        List<UnitSnapshot> snapshots = new ArrayList<>();
        int n = 0;
        for (String name : byUnit.keySet()) {
            UUID id = UUID.randomUUID();
            ids.put(name, id);
            mails.put(name, "duty-" + (++n) + "-" + run + "@seed.test");
            snapshots.add(Units.withContacts(id, name, mails.get(name), "head-" + n + "-" + run + "@seed.test", null, null));
        }
        Publish.all(snapshots, "unit-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", ids.values()) == ids.size()));

        List<TaskAssigned> events = new ArrayList<>();
        Instant due = Instant.parse("2021-12-31T15:59:59Z");
        UUID planId = UUID.randomUUID();
        int assignments = 0;
        for (var e : byUnit.entrySet()) {
            for (String[] taskAndRole : e.getValue()) {
                String task = taskAndRole[0];
                String number = task.substring(0, Math.min(task.length(), task.indexOf('）') + 1 > 0 ? task.indexOf('）') + 1 : 3));
                events.add(new TaskAssigned(UUID.randomUUID(), UUID.nameUUIDFromBytes(task.getBytes()), task.lines().findFirst().orElse(task),
                        ids.get(e.getKey()), taskAndRole[1], due, clock.instant(), planId, null, number));
                assignments++;
            }
        }
        List<Publish.Sent> sent = Publish.all(events, "task-service");

        for (var e : byUnit.entrySet()) {
            UUID unit = ids.get(e.getKey());
            int expected = e.getValue().size();
            await().atMost(Duration.ofSeconds(60)).until(() -> inboxTotal(unit) == expected);
        }
        // digest mode: nothing mailed during the day
        assertEquals(0, mails.values().stream().mapToInt(m -> MailServer.to(m).size()).sum(), "no mail before the digest time");

        // the next morning at 08:00 the digests go out: one per duty contact, listing all of its unit's notices
        clock.set(Instant.parse("2021-07-24T00:00:00Z"));
        for (var e : byUnit.entrySet()) {
            String mail = mails.get(e.getKey());
            await().atMost(Duration.ofSeconds(60)).until(() -> MailServer.to(mail).size() >= 1);
        }
        // redelivery of the whole burst (same CloudEvents ids) and a day later: still exactly one each
        Publish.again(sent, "task-service");
        UUID marker = UUID.randomUUID();
        Publish.all(List.of(new TaskAssigned(UUID.randomUUID(), UUID.randomUUID(), "标记任务", marker, "LEAD", due, clock.instant())),
                "task-service");
        await().atMost(Duration.ofSeconds(60)).until(() -> inboxTotal(marker) == 1);
        clock.set(Instant.parse("2021-07-25T00:00:00Z"));
        dispatcher.dispatchOnce();
        for (var e : byUnit.entrySet()) {
            String mail = mails.get(e.getKey());
            var received = MailServer.to(mail);
            assertEquals(1, received.size(), "exactly one digest for " + e.getKey());
            String subject = MailServer.subject(received.get(0));
            assertTrue(subject.contains("共" + e.getValue().size() + "条"), subject);
            assertTrue(subject.startsWith(e.getKey()), subject);
            assertEquals(e.getValue().size(), inboxTotal(ids.get(e.getKey())), "redelivery added no inbox entry");
            assertEquals(0, MailServer.to(mail.replace("duty-", "head-")).size(), "the head is not told of new assignments");
        }
        long deliveries = QuarkusTransaction.requiringNew().call(() -> Delivery.count("unitId in ?1 and noticeType = 'ASSIGNED'", ids.values()));
        assertEquals(assignments, deliveries, "one delivery row per assignment and duty contact");
        long sentDigests = QuarkusTransaction.requiringNew().call(() -> Delivery.count("unitId in ?1 and noticeType = 'DIGEST' and status = 'SENT'", ids.values()));
        assertEquals(byUnit.size(), sentDigests);
    }

    private static int inboxTotal(UUID unit) {
        return given().auth().oauth2(Tokens.officerOf(unit)).get("/api/inbox?unitId=" + unit).then().statusCode(200).extract().path("total");
    }
}
