package org.duban.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.duban.platform.problem.Problem;

/**
 * The outbox rows the relay parked (refused for good by the broker, {@link OutboxRelay}). The relay's side: each
 * permanent refusal of a row is counted on it, and at {@code duban.outbox.max-attempts} the row is parked
 * ({@link #refused}); every pass counts the parked rows again ({@link #recount}: metric {@code duban.outbox.parked},
 * readiness). The operators' side: list them, retry one (it goes out on the next pass, and the rows of its key held
 * behind it after it) or discard it (it never goes out; the rows held behind it go on). Who did it and when is kept on
 * the row. Served to operators by {@link OutboxAdminResource}.
 */
@ApplicationScoped
public class ParkedRows {

    private static final Logger LOG = Logger.getLogger(ParkedRows.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry meters;

    /** Parked rows as the relay's last pass counted them. */
    private final AtomicLong parked = new AtomicLong();

    /**
     * Counts a permanent refusal of {@code row} (on the pass's connection, in its transaction) and parks the row at
     * {@code duban.outbox.max-attempts} refusals.
     */
    void refused(Connection c, OutboxRow row, String reason) throws SQLException {
        try (PreparedStatement fail = c.prepareStatement("""
                update outbox_event set attempts = attempts + 1, last_error = ?,
                    parked_at = case when attempts + 1 >= ? then clock_timestamp() end
                where seq = ? returning parked_at is not null, attempts""")) {
            fail.setString(1, reason);
            fail.setInt(2, config.maxAttempts());
            fail.setLong(3, row.seq());
            try (ResultSet rs = fail.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    meters.counter("duban.outbox.parked.rows", "topic", row.topic()).increment();
                    LOG.errorf("outbox row %d (%s to %s) refused %d times, parked: later rows with its key wait behind it"
                            + " until it is retried or discarded (/api/admin/outbox/parked): %s", row.seq(), row.type(),
                            row.topic(), rs.getInt(2), reason);
                } else {
                    LOG.warnf("outbox row %d (%s to %s) refused (%d of %d before it is parked): %s", row.seq(), row.type(),
                            row.topic(), rs.getInt(2), config.maxAttempts(), reason);
                }
            }
        }
    }

    /** Counts the parked rows again (on the pass's connection). */
    void recount(Connection c) throws SQLException {
        try (PreparedStatement count = c.prepareStatement("""
                select count(*) from outbox_event
                where parked_at is not null and published_at is null and discarded_at is null""");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            parked.set(rs.getLong(1));
        }
    }

    /** The counter behind the {@code duban.outbox.parked} gauge (the bean's own, not its client proxy's). */
    AtomicLong parkedCount() {
        return parked;
    }

    /** A parked row: its place, what it holds, how often it was refused and the last reason. */
    public record Parked(long seq, UUID id, String topic, String key, String type, int events, int attempts,
            String lastError, Instant parkedAt, Instant occurredAt) {
    }

    public List<Parked> list() {
        List<Parked> parked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                select seq, id, topic, coalesce(aggregate_id, array_to_string(aggregate_ids[1:3], ',') || case when
                       event_count > 3 then ',…' else '' end), type, event_count, attempts, last_error, parked_at, occurred_at
                from outbox_event where parked_at is not null and published_at is null and discarded_at is null
                order by seq limit 1000""");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                parked.add(new Parked(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                        rs.getTimestamp(10).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return parked;
    }

    /** Sends the parked row again on the next pass (its failures counted from zero); 404 if no such parked row. */
    public void retry(long seq, String by) {
        resolve(seq, by, """
                update outbox_event set parked_at = null, attempts = 0, resolved_by = ?, resolved_at = clock_timestamp()
                where seq = ? and parked_at is not null and published_at is null and discarded_at is null""", "retried");
        relay.wake();
    }

    /** The parked row never goes out; the rows held behind it go on. 404 if no such parked row. */
    public void discard(long seq, String by) {
        resolve(seq, by, """
                update outbox_event set discarded_at = clock_timestamp(), resolved_by = ?, resolved_at = clock_timestamp()
                where seq = ? and parked_at is not null and published_at is null and discarded_at is null""", "discarded");
        relay.wake();
    }

    private void resolve(long seq, String by, String sql, String what) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, by);
            update.setLong(2, seq);
            if (update.executeUpdate() == 0) {
                throw Problem.notFound("no parked outbox row " + seq);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        LOG.warnf("parked outbox row %d %s by %s", seq, what, by);
        org.duban.platform.audit.AuditTrail.current().entry("outbox." + what, "OUTBOX_ROW", seq).after(java.util.Map.of("state", what)).recordAlone(); // issue 20
    }
}
