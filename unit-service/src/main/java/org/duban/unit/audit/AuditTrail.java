package org.duban.unit.audit;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Writes the audit trail (issue 20, 安全审计): one row of {@code audit_entry} per admin change, in the change's
 * own transaction (so a change that rolls back leaves no row, and no change commits without its row). The
 * actor comes from the caller's token: subject, name, realm roles and {@code unit_id} claim; outside a request
 * (the seed load at start-up) the actor is {@value #SYSTEM}. The table refuses UPDATE, DELETE and TRUNCATE
 * itself (a trigger, V3), so this class can only add. {@link AuditResource} reads it.
 */
@ApplicationScoped
public class AuditTrail {

    /** The actor of changes no person asked for. */
    public static final String SYSTEM = "system";

    /** What was changed: the {@code target_type} column. */
    public enum TargetType {
        UNIT, GROUP, IMPORT, SEED
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    Instance<SecurityIdentity> identity;

    @Inject
    Instance<JsonWebToken> token;

    @Inject
    Instance<RequestId> requestId;

    /** Who acted, as the row records it. */
    record Actor(String subject, String name, List<String> roles, UUID unitId) {
    }

    /**
     * Records {@code action} on a target; {@code before} and {@code after} are written as JSON (either may be
     * null). Must run inside the change's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, TargetType targetType, Object targetId, Object before, Object after) {
        record(action, targetType, targetId, before, after, null);
    }

    /** The same, with the reason the actor gave (a merge's or a dissolution's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, TargetType targetType, Object targetId, Object before, Object after, String reason) {
        Actor actor = actor();
        String request = inRequest() ? requestId.get().value() : null;
        String trace = traceId();
        String beforeJson = write(before);
        String afterJson = write(after);
        // plain JDBC on the transaction's own connection: typed nulls and PostgreSQL arrays without guesswork
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into audit_entry (at, actor_subject, actor_name, actor_roles, actor_unit, action, target_type,
                        target_id, before, after, reason, request_id, trace_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)""")) {
                s.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                s.setString(2, actor.subject());
                s.setString(3, actor.name());
                s.setArray(4, c.createArrayOf("text", actor.roles().toArray()));
                s.setObject(5, actor.unitId(), Types.OTHER);
                s.setString(6, action);
                s.setString(7, targetType.name());
                s.setString(8, targetId == null ? null : targetId.toString());
                s.setString(9, beforeJson);
                s.setString(10, afterJson);
                s.setString(11, reason);
                s.setString(12, request);
                s.setString(13, trace);
                s.executeUpdate();
            }
        });
    }

    private Actor actor() {
        if (!inRequest() || identity.get().isAnonymous()) {
            return new Actor(SYSTEM, SYSTEM, List.of(), null);
        }
        SecurityIdentity who = identity.get();
        JsonWebToken jwt = token.get();
        String subject = Optional.ofNullable(jwt.getSubject()).orElse(who.getPrincipal().getName());
        String name = claim(jwt, "name").or(() -> claim(jwt, "preferred_username")).or(() -> claim(jwt, "upn"))
                .orElse(who.getPrincipal().getName());
        UUID unit = claim(jwt, "unit_id").map(AuditTrail::uuidOrNull).orElse(null);
        return new Actor(subject, name, who.getRoles().stream().sorted().toList(), unit);
    }

    private static boolean inRequest() {
        return Arc.container() != null && Arc.container().requestContext().isActive();
    }

    private static Optional<String> claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", "")).filter(s -> !s.isBlank());
    }

    private static UUID uuidOrNull(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String traceId() {
        var context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit entry's state as JSON", e);
        }
    }
}
