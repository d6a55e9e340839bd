package org.duban.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.duban.platform.audit.AuditTrail.Actor;

/** An {@code audit_entry} row and its insert (the table is append-only: platform {@code db/audit/V0_7}). */
final class AuditRows {

    private AuditRows() {
    }

    /** What one entry holds; texts already shortened, before and after already JSON. */
    record Row(String action, String targetType, String targetId, Actor actor, UUID onBehalfOf, String onBehalfReason,
            String before, String after, String reason, String requestId, String traceId, String address) {
    }

    /** Inserts {@code row} at {@code at} on {@code c} (the change's transaction, or a connection of its own). */
    static void insert(Connection c, Row row, Instant at) throws SQLException {
        // plain JDBC on the transaction's own connection: typed nulls and PostgreSQL arrays without guesswork
        try (PreparedStatement s = c.prepareStatement("""
                insert into audit_entry (at, actor_subject, actor_name, actor_roles, actor_unit, on_behalf_of, on_behalf_reason,
                    action, target_type, target_id, before, after, reason, request_id, trace_id, client_address)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?)""")) {
            s.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(2, row.actor().subject());
            s.setString(3, row.actor().name());
            s.setArray(4, c.createArrayOf("text", row.actor().roles().toArray()));
            s.setObject(5, row.actor().unitId(), Types.OTHER);
            s.setObject(6, row.onBehalfOf(), Types.OTHER);
            s.setString(7, row.onBehalfReason());
            s.setString(8, row.action());
            s.setString(9, row.targetType());
            s.setString(10, row.targetId());
            s.setString(11, row.before());
            s.setString(12, row.after());
            s.setString(13, row.reason());
            s.setString(14, row.requestId());
            s.setString(15, row.traceId());
            s.setString(16, row.address());
            s.executeUpdate();
        }
    }
}
