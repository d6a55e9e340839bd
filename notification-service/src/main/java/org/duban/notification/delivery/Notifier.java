package org.duban.notification.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.notice.NoticeType;
import org.duban.notification.notice.Notices;
import org.duban.notification.recipient.Audience;
import org.duban.notification.recipient.Recipients;
import org.duban.platform.sql.UnnestInsert;

/**
 * Turns a notice into inbox entries and delivery rows, inside the transaction that consumed the event (or ran the
 * ladder step). Nothing is sent here: dispatchers send from the {@code delivery} table. Each insert is
 * {@code on conflict do nothing} on (event, recipient, channel) — the exactly-once key — so a redelivered event,
 * a second instance or a second ladder run adds nothing.
 */
@ApplicationScoped
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    /**
     * What to tell whom: {@code eventId} is the Kafka event's id, or an id derived from it per unit or ladder step;
     * {@code overdueItemId} names the ladder item (missed due date) a reminder chases, so closing it cancels it.
     */
    public record Notice(UUID eventId, NoticeType type, UUID aboutUnit, Set<Audience> audience, Map<String, String> params,
            boolean urgent, UUID assignmentId, UUID overdueItemId) {

        public Notice(UUID eventId, NoticeType type, UUID aboutUnit, Set<Audience> audience, Map<String, String> params,
                boolean urgent, UUID assignmentId) {
            this(eventId, type, aboutUnit, audience, params, urgent, assignmentId, null);
        }
    }

    @Inject
    Recipients recipients;

    @Inject
    Notices notices;

    @Inject
    Timing timing;

    @Inject
    NotificationConfig config;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AgroalDataSource dataSource;

    /** Must run in a transaction (the consumer's or the ladder's). */
    public void notify(Notice notice) {
        Recipients.Resolution to = recipients.resolve(notice.aboutUnit(), notice.audience());
        Map<String, String> params = new HashMap<>(notice.params());
        params.putIfAbsent("unitName", to.unitName());
        Instant now = clock.instant();

        Notices.Rendered text;
        try {
            text = notices.render(notice.type(), params);
        } catch (RuntimeException e) {
            // the inbox still gets the notice; the mail/webhook rows render again when sent and fail there, logged
            LOG.errorf(e, "template %s failed for event %s", notice.type(), notice.eventId());
            text = new Notices.Rendered(notice.type().label(), "（通知内容生成失败：" + e.getMessage() + "）");
        }
        for (UUID unit : to.inboxes()) {
            thisTransaction().inbox.add(new Object[] {UUID.randomUUID(), unit, notice.eventId(), notice.type().name(), text.subject(),
                    text.text(), now.toString(), notice.urgent()});
        }
        String paramsJson;
        try {
            paramsJson = json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Recipients.Address address : to.addresses()) {
            String status = Delivery.PENDING;
            Instant due = now;
            if (!notice.urgent() && Preference.DAILY.equals(modeOf(address.unitId(), address.channel()))) {
                status = Delivery.WAITING_DIGEST;
                due = timing.nextDigest(now);
            } else if (!notice.urgent() && Recipients.WEBHOOK.equals(address.channel())) {
                due = timing.afterQuietHours(now); // SMS/IM gateways stay silent at night unless urgent
            }
            em.createNativeQuery("""
                    insert into delivery (id, event_id, recipient, channel, unit_id, notice_type, params, urgent, assignment_id,
                                          status, attempts, next_attempt_at, created_at, overdue_item_id)
                    values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb), ?8, ?9, ?10, 0, ?11, ?12, ?13)
                    on conflict (event_id, recipient, channel) do nothing""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, notice.eventId()).setParameter(3, address.recipient())
                    .setParameter(4, address.channel()).setParameter(5, address.unitId()).setParameter(6, notice.type().name())
                    .setParameter(7, paramsJson).setParameter(8, notice.urgent()).setParameter(9, notice.assignmentId())
                    .setParameter(10, status).setParameter(11, due).setParameter(12, now)
                    .setParameter(13, notice.overdueItemId()).executeUpdate();
        }
        if (!to.addresses().isEmpty()) {
            thisTransaction().wakeDispatcher = true;
        }
        for (Recipients.Unreachable nobody : to.unreachable()) {
            // Recorded below and listed by GET /api/deliveries/undeliverable; a log line per notice would flood the
            // log for a unit without contacts (every task it has), so only at debug level.
            LOG.debugf("notice %s of event %s cannot reach unit %s: %s", notice.type(), notice.eventId(), nobody.unitId(), nobody.reason());
            thisTransaction().undeliverable.add(new Object[] {UUID.randomUUID(), notice.eventId(), nobody.unitId(), notice.type().name(),
                    nobody.reason(), now.toString()});
        }
    }

    /**
     * Writes the inbox rows at commit (issue 23: the name says where the inbox entries are written). What the current
     * transaction's notices leave for its end (one per transaction, registered at its first notice):
     * <ul>
     * <li>its inbox entries and "undeliverable" rows, written just before it commits. Nothing reads them inside the
     * transaction that writes them (only the REST API does), so a polled batch of events gets one
     * {@code insert … select from unnest(…)} per table instead of a round trip per row (BENCHMARKS.md, event flow).
     * Delivery rows are written at once: the overdue ladder cancels pending ones in the same transaction;</li>
     * <li>waking the dispatcher once it has committed, if it wrote deliveries.</li>
     * </ul>
     */
    private static final class InboxRowsAtCommit implements Synchronization {
        final List<Object[]> inbox = new ArrayList<>();
        final List<Object[]> undeliverable = new ArrayList<>();
        boolean wakeDispatcher;
        private final DataSource dataSource;
        private final Dispatcher dispatcher;

        InboxRowsAtCommit(DataSource dataSource, Dispatcher dispatcher) {
            this.dataSource = dataSource;
            this.dispatcher = dispatcher;
        }

        /**
         * Runs while the transaction is still active: the pool hands out the connection already enlisted in it, so the
         * rows commit (or roll back) with everything else. The handle is closed here, before the pool's own check that
         * no handle is left open at commit.
         */
        @Override
        public void beforeCompletion() {
            if (inbox.isEmpty() && undeliverable.isEmpty()) {
                return;
            }
            try (Connection connection = dataSource.getConnection()) {
                UnnestInsert.insert(connection, """
                        insert into inbox_entry (id, unit_id, event_id, kind, title, body, created_at, urgent)
                        select id, unit_id, event_id, kind, title, body, cast(created_at as timestamptz), urgent
                        from unnest(?, ?, ?, ?, ?, ?, ?, ?) as r (id, unit_id, event_id, kind, title, body, created_at, urgent)
                        on conflict (event_id, unit_id) do nothing""",
                        List.of(), inbox, "uuid", "uuid", "uuid", "text", "text", "text", "text", "bool");
                UnnestInsert.insert(connection, """
                        insert into undeliverable (id, event_id, unit_id, notice_type, reason, created_at)
                        select id, event_id, unit_id, notice_type, reason, cast(created_at as timestamptz)
                        from unnest(?, ?, ?, ?, ?, ?) as r (id, event_id, unit_id, notice_type, reason, created_at)
                        on conflict (event_id, unit_id) do nothing""",
                        List.of(), undeliverable, "uuid", "uuid", "uuid", "text", "text", "text");
            } catch (SQLException e) {
                throw new IllegalStateException("inbox entries not written: " + e.getMessage(), e);
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED && wakeDispatcher) {
                dispatcher.wake();
            }
        }
    }

    private InboxRowsAtCommit thisTransaction() {
        InboxRowsAtCommit end = (InboxRowsAtCommit) transactions.getResource(InboxRowsAtCommit.class);
        if (end == null) {
            end = new InboxRowsAtCommit(dataSource, dispatcher);
            transactions.putResource(InboxRowsAtCommit.class, end);
            transactions.registerInterposedSynchronization(end);
        }
        return end;
    }

    /** IMMEDIATE or DAILY for the unit's channel: its own choice, else the configured default. */
    public String modeOf(UUID unitId, String channel) {
        Preference own = Preference.findById(new Preference.Key(unitId, channel));
        if (own != null) {
            return own.mode;
        }
        return Recipients.EMAIL.equals(channel) ? config.digest().emailDefault() : config.digest().webhookDefault();
    }
}
