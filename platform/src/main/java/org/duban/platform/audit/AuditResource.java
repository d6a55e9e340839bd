package org.duban.platform.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;

import io.agroal.api.AgroalDataSource;

/**
 * {@code GET /api/audit}: the service's audit trail, filtered and paged, newest first; {@code GET /api/audit/export}: the
 * same filters as CSV, oldest first, streamed from a database cursor (no page limit, constant memory). For the
 * {@code auditor} role and no other (not even {@code admin}, whose changes it records). {@code actor} matches the
 * subject or the name, {@code target} the target's id, {@code action} exactly (or, ending in {@code *}, as a prefix:
 * {@code security.*}); {@code from} (inclusive) and {@code to} (exclusive) are ISO-8601 instants.
 */
@Path("/api/audit")
@Tag(name = "audit", description = "安全审计 — the audit trail of this service: who changed what, for whom, and refused requests (auditor only)")
public class AuditResource {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "duban")
    String service;

    public record ActorView(String subject, String name, List<String> roles, UUID unitId) {
    }

    public record OnBehalfView(UUID unitId, String reason) {
    }

    public record EntryView(long id, Instant at, ActorView actor, OnBehalfView onBehalfOf, String action, String targetType,
            String targetId, @Schema(type = SchemaType.OBJECT, description = "the target before the change (JSON), if recorded") Object before,
            @Schema(type = SchemaType.OBJECT, description = "the target after the change (JSON), if recorded") Object after, String reason, String requestId, String traceId,
            String clientAddress) {
    }

    public record PageOf(List<EntryView> items, int page, int size, long total) {
    }

    private static final String COLUMNS = """
            select id, at, actor_subject, actor_name, array_to_string(actor_roles, ','), actor_unit, on_behalf_of,
                on_behalf_reason, action, target_type, target_id, cast(before as text), cast(after as text), reason, request_id,
                trace_id, client_address
            from audit_entry""";

    @GET
    @RolesAllowed(Roles.AUDITOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditEntries", summary = "Read the audit trail", description = "Entries newest first, filtered by actor (subject or name), "
            + "target id, action (exact, or a prefix ending in *) and time [from, to); paged. The auditor role only (not even admin). "
            + "Changes nothing.")
    public PageOf list(@QueryParam("actor") @Size(max = 200) String actor, @QueryParam("target") @Size(max = 200) String target,
            @QueryParam("action") @Size(max = 200) String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) throws SQLException {
        Filter filter = filter(actor, target, action, from, to);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("select count(*) from audit_entry" + filter.where)) {
                filter.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<EntryView> items = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(COLUMNS + filter.where + " order by id desc limit " + size + " offset "
                    + ((long) page * size))) {
                filter.bind(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        items.add(view(rs));
                    }
                }
            }
            return new PageOf(items, page, size, total);
        }
    }

    @GET
    @Path("export")
    @RolesAllowed(Roles.AUDITOR)
    @Produces("text/csv")
    @Operation(operationId = "exportAuditEntries", summary = "Export the audit trail as CSV", description = "The same filters as GET /api/audit, every matching "
            + "entry oldest first, streamed (UTF-8 with a byte-order mark, RFC 4180 quoting). The auditor role only. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The entries as CSV, a header row first", content = @Content(mediaType = "text/csv",
            schema = @Schema(type = SchemaType.STRING)))
    public Response export(@QueryParam("actor") @Size(max = 200) String actor, @QueryParam("target") @Size(max = 200) String target,
            @QueryParam("action") @Size(max = 200) String action, @QueryParam("from") String from, @QueryParam("to") String to) {
        Filter filter = filter(actor, target, action, from, to);
        StreamingOutput body = out -> {
            try (Connection c = dataSource.getConnection()) {
                boolean auto = c.getAutoCommit();
                // PostgreSQL's driver uses a cursor (fetch size) only inside a transaction: the rows come 500 at a time
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement(COLUMNS + filter.where + " order by id")) {
                    s.setFetchSize(500);
                    filter.bind(s);
                    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    w.write('\uFEFF'); // Excel opens UTF-8 (the Chinese names) only with a byte-order mark
                    w.write(String.join(",", "id", "at", "actor_subject", "actor_name", "actor_roles", "actor_unit",
                            "on_behalf_of", "on_behalf_reason", "action", "target_type", "target_id", "before", "after", "reason",
                            "request_id", "trace_id", "client_address"));
                    w.write("\r\n");
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            for (int i = 1; i <= 17; i++) {
                                if (i > 1) {
                                    w.write(',');
                                }
                                Object value = i == 2 ? instantOf(rs.getObject(i)) : rs.getObject(i);
                                w.write(csv(value == null ? null : value.toString()));
                            }
                            w.write("\r\n");
                        }
                    }
                    w.flush();
                } finally {
                    c.rollback();
                    c.setAutoCommit(auto);
                }
            } catch (SQLException e) {
                throw new IOException("audit export failed", e);
            }
        };
        String file = "audit-" + service + "-" + clock.instant().toString().replace(":", "") + ".csv";
        return Response.ok(body, "text/csv; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .build();
    }

    /**
     * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell starting with = + - @ (or tab,
     * carriage return) gets a leading apostrophe so a spreadsheet shows it as text instead of running it as a formula
     * (CSV injection: a unit's name or a report is the caller's text). Hand-written: no CSV library is on the classpath
     * and this is the whole of what the export needs.
     */
    static String csv(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** The where clause of the filters and its parameters. */
    private record Filter(String where, List<Object> params) {
        void bind(PreparedStatement s) throws SQLException {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
        }
    }

    private static Filter filter(String actor, String target, String action, String from, String to) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (actor != null && !actor.isBlank()) {
            params.add(actor.strip());
            params.add(actor.strip());
            where.append(" and (actor_subject = ? or actor_name = ?)");
        }
        if (target != null && !target.isBlank()) {
            params.add(target.strip());
            where.append(" and target_id = ?");
        }
        if (action != null && !action.isBlank()) {
            String a = action.strip();
            if (a.endsWith("*")) {
                params.add(a.substring(0, a.length() - 1).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                where.append(" and action like ?");
            } else {
                params.add(a);
                where.append(" and action = ?");
            }
        }
        if (from != null && !from.isBlank()) {
            params.add(Timestamp.from(instant("from", from)));
            where.append(" and at >= ?");
        }
        if (to != null && !to.isBlank()) {
            params.add(Timestamp.from(instant("to", to)));
            where.append(" and at < ?");
        }
        return new Filter(where.toString(), params);
    }

    private EntryView view(ResultSet rs) throws SQLException {
        String roles = rs.getString(5);
        ActorView actor = new ActorView(rs.getString(3), rs.getString(4),
                roles == null || roles.isEmpty() ? List.of() : List.of(roles.split(",")), (UUID) rs.getObject(6));
        UUID behalf = (UUID) rs.getObject(7);
        return new EntryView(rs.getLong(1), instantOf(rs.getObject(2)), actor,
                behalf == null ? null : new OnBehalfView(behalf, rs.getString(8)), rs.getString(9), rs.getString(10),
                rs.getString(11), node(rs.getString(12)), node(rs.getString(13)), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17));
    }

    private static Instant instantOf(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /** The stored JSON as plain values (maps, lists, strings, numbers): any JSON, as recorded. */
    private Object node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable audit JSON", e);
        }
    }

    private static Instant instant(String field, String raw) {
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "must be an ISO-8601 instant such as 2026-12-07T00:00:00Z");
        }
    }
}
