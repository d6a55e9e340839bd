package org.duban.unit.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.duban.platform.problem.Problem;

/**
 * {@code GET /api/audit?actor=&target=&action=&from=&to=&page=&size=}: the audit trail, newest first, for the
 * {@code auditor} role and no other (not even {@code admin}, whose changes it records). {@code actor} matches
 * the subject or the name, {@code target} the target's id, {@code action} exactly; {@code from} (inclusive)
 * and {@code to} (exclusive) are ISO-8601 instants.
 */
@Path("/api/audit")
public class AuditResource {

    /**
     * The role that reads the trail. Platform's {@code Roles} belongs to another part of the project, so the
     * name lives here until it moves there; the realm needs the role and a demo user.
     */
    public static final String AUDITOR = "auditor";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    public record ActorView(String subject, String name, List<String> roles, UUID unitId) {
    }

    public record EntryView(long id, Instant at, ActorView actor, String action, String targetType, String targetId,
            JsonNode before, JsonNode after, String reason, String requestId, String traceId) {
    }

    public record PageOf(List<EntryView> items, int page, int size, long total) {
    }

    @GET
    @RolesAllowed(AUDITOR)
    public PageOf list(@QueryParam("actor") String actor, @QueryParam("target") String target,
            @QueryParam("action") String action, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (actor != null && !actor.isBlank()) {
            params.add(actor.strip());
            where.append(" and (actor_subject = ?").append(params.size()).append(" or actor_name = ?").append(params.size()).append(')');
        }
        if (target != null && !target.isBlank()) {
            params.add(target.strip());
            where.append(" and target_id = ?").append(params.size());
        }
        if (action != null && !action.isBlank()) {
            params.add(action.strip());
            where.append(" and action = ?").append(params.size());
        }
        if (from != null && !from.isBlank()) {
            params.add(java.sql.Timestamp.from(instant("from", from)));
            where.append(" and at >= ?").append(params.size());
        }
        if (to != null && !to.isBlank()) {
            params.add(java.sql.Timestamp.from(instant("to", to)));
            where.append(" and at < ?").append(params.size());
        }
        Query count = em.createNativeQuery("select count(*) from audit_entry" + where);
        Query rows = em.createNativeQuery("""
                select id, at, actor_subject, actor_name, array_to_string(actor_roles, ','), actor_unit, action, target_type,
                    target_id, cast(before as text), cast(after as text), reason, request_id, trace_id
                from audit_entry""" + where + " order by id desc")
                .setFirstResult(page * size).setMaxResults(size);
        for (int i = 0; i < params.size(); i++) {
            count.setParameter(i + 1, params.get(i));
            rows.setParameter(i + 1, params.get(i));
        }
        long total = ((Number) count.getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> found = rows.getResultList();
        List<EntryView> items = found.stream().map(this::view).toList();
        return new PageOf(items, page, size, total);
    }

    private EntryView view(Object[] r) {
        String roles = (String) r[4];
        ActorView actor = new ActorView((String) r[2], (String) r[3],
                roles == null || roles.isEmpty() ? List.of() : List.of(roles.split(",")), (UUID) r[5]);
        return new EntryView(((Number) r[0]).longValue(), instantOf(r[1]), actor, (String) r[6], (String) r[7],
                (String) r[8], node((String) r[9]), node((String) r[10]), (String) r[11], (String) r[12],
                (String) r[13]);
    }

    private static Instant instantOf(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private JsonNode node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable audit JSON", e);
        }
    }

    private static Instant instant(String field, String raw) {
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(field, "must be an ISO-8601 instant such as 2026-12-07T00:00:00Z: " + raw);
        }
    }
}
