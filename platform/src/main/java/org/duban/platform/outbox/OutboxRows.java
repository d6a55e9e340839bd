package org.duban.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The relay's SQL on {@code outbox_event}, all on the pass's own connection and transaction: the relay lock, the unsent
 * rows a pass may take, the rows themselves, and marking the sent ones. {@link ParkedRows} holds the SQL of parking.
 */
final class OutboxRows {

    /** Arbitrary constant naming "the outbox relay" among advisory locks of a database. */
    private static final long RELAY_LOCK = 0x0D0BA40L;

    private OutboxRows() {
    }

    /**
     * Takes the relay lock for the transaction, if no other instance holds it: of two instances of a service only one
     * publishes, so no row goes out twice at once and per-key order holds.
     */
    static boolean lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * The first {@code limit} unsent rows in {@code seq} order, for {@link RelayPass#plan}. Parked rows are left out, and
     * so is every later row sharing one of a parked row's keys on its topic: it waits behind it (per-key order). The
     * subquery reads the few parked rows by their partial index.
     */
    static List<RelayPass.Candidate> unsent(Connection c, int limit) throws SQLException {
        List<RelayPass.Candidate> unsent = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                select o.seq, o.payloads is not null, o.event_count from outbox_event o
                where o.published_at is null and o.parked_at is null and o.discarded_at is null
                  and not exists (
                    select 1 from outbox_event p
                    where p.parked_at is not null and p.published_at is null and p.discarded_at is null
                      and p.topic = o.topic and p.seq < o.seq
                      and (case when p.payloads is null then array[p.aggregate_id] else p.aggregate_ids end)
                          && (case when o.payloads is null then array[o.aggregate_id] else o.aggregate_ids end))
                order by o.seq limit ?""")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    unsent.add(new RelayPass.Candidate(rs.getLong(1), rs.getBoolean(2), rs.getInt(3)));
                }
            }
        }
        return unsent;
    }

    /**
     * The rows {@code seqs} in {@code seq} order. A batch row's id and key arrays are joined into lines by the query (a
     * UUID and an aggregate id hold no line break) because the driver's array parsing cost more than the sending;
     * {@link BatchRowCodec} reads them.
     */
    static List<OutboxRow> read(Connection c, List<Long> seqs) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>(seqs.size());
        try (PreparedStatement select = c.prepareStatement("""
                select seq, id, topic, aggregate_id, type, payload, occurred_at, traceparent, tracestate,
                       array_to_string(event_ids, E'\n'), array_to_string(aggregate_ids, E'\n'), payloads
                from outbox_event where seq = any(?) order by seq""")) {
            select.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    UUID id = rs.getObject(2, UUID.class);
                    TraceContext trace = new TraceContext(rs.getString(8), rs.getString(9));
                    String payloads = rs.getString(12);
                    rows.add(payloads == null
                            ? OutboxRow.single(seq, id, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                    rs.getTimestamp(7).toInstant(), trace)
                            : OutboxRow.batch(seq, id, rs.getString(3), rs.getString(5), rs.getTimestamp(7).toInstant(),
                                    trace, rs.getString(10), rs.getString(11), payloads));
                }
            }
        }
        return rows;
    }

    /** Marks the rows {@code seqs} sent. */
    static void markPublished(Connection c, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement mark = c.prepareStatement(
                "update outbox_event set published_at = clock_timestamp() where seq = any(?)")) {
            mark.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            mark.executeUpdate();
        }
    }
}
