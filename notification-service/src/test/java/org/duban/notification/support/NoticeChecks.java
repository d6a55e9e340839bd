package org.duban.notification.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.duban.events.DomainEvent;
import org.duban.platform.unit.UnitReplica;
import org.duban.testing.Tokens;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What the notice and ladder tests wait for and read: units known, an event consumed, the 催办 mails, the inbox, deliveries. */
public final class NoticeChecks {

    private NoticeChecks() {
    }

    /** Publishes the unit snapshots and waits until the replica holds them all. */
    public static void known(DomainEvent... units) {
        Publish.all(List.of(units), "unit-service");
        List<UUID> ids = Arrays.stream(units).map(u -> UUID.fromString(u.aggregateId())).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> UnitReplica.count("id in ?1", ids) == ids.size()));
    }

    /** Waits until the consumer has processed the event (its processed_event row commits with what it did). */
    public static void consumed(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from processed_event where event_id = ?1", eventId) == 1);
    }

    /** The OVERDUE (催办) deliveries of an assignment, whatever their state. */
    public static long overdueDeliveries(UUID assignment) {
        return count("select count(*) from delivery where notice_type = 'OVERDUE' and assignment_id = ?1", assignment);
    }

    /** The 催办 mails to one address about one task and due date (the mail names the due date it chases). */
    public static List<MimeMessage> overdueMails(String to, String title, String due) {
        return MailServer.to(to).stream().filter(m -> MailServer.subject(m).contains("任务逾期：" + title) && MailServer.text(m).contains(due))
                .toList();
    }

    /** The titles in a unit's inbox, as the office reads it. */
    public static List<String> inboxTitles(UUID unitId) {
        return given().auth().oauth2(Tokens.supervisor()).get("/api/inbox?unitId=" + unitId + "&size=500")
                .then().statusCode(200).extract().path("items.title");
    }

    private static long count(String sql, Object parameter) {
        EntityManager em = Arc.container().instance(EntityManager.class).get();
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).setParameter(1, parameter)
                .getSingleResult()).longValue());
    }
}
