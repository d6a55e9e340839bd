package org.duban.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The audit trail (issue 20, 安全审计), one per service: an append-only row of {@code audit_entry} per state change, in
 * the change's own transaction (a change that rolls back leaves no row, and no change commits without its row). The
 * actor comes from the caller's token: subject, name, realm roles and {@code unit_id} claim; outside a request the actor
 * is {@value #SYSTEM}, named after the cause (an event, a schedule) when the caller gives one; a provincial app or
 * another non-token caller is named with {@link Entry#actor(Actor)}. When a supervisor does what a unit would do (signs,
 * reports, returns for it), the entry says for whom and why ({@link Entry#onBehalfOf}). Before and after are small JSON:
 * a text longer than {@code duban.audit.max-text-length} is written as its SHA-256 and length.
 * <p>
 * Security events (refused tokens, 403s, refused signatures: {@link #security}) are written in their own short
 * transaction, so a request that fails and rolls back still leaves them, and through {@link SecurityEventBudget}, so a
 * flood does not become a flood of rows. The table refuses UPDATE, DELETE and TRUNCATE itself (a trigger, platform
 * {@code db/audit/V0_7}; unit-service's V3/V4). {@link AuditResource} reads it, for the {@code auditor} role only.
 * <p>
 * This class is what services call and how an entry is saved; who acts and from where is {@link AuditCaller}'s, the row
 * and its insert {@link AuditRows}', the rule for long texts {@link AuditTexts}', the security layer's refusals come from
 * {@link SecurityEvents}.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    /** The actor of changes no person asked for. */
    public static final String SYSTEM = "system";

    /** Who acted, as the entry records it. */
    public record Actor(String subject, String name, List<String> roles, UUID unitId) {

        /** No person: the system, named after its cause ("event TaskAssigned 7c0…", "deadline sweep"), if any. */
        public static Actor system(String cause) {
            return new Actor(SYSTEM, cause == null || cause.isBlank() ? SYSTEM : cause, List.of(), null);
        }

        /** A caller that proves itself without a token, e.g. a provincial app by its signature: {@code kind:id}. */
        public static Actor app(String kind, String id) {
            return new Actor(kind + ":" + id, id, List.of(kind), null);
        }
    }

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    jakarta.transaction.TransactionManager transactions;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    AuditConfig config;

    @Inject
    SecurityEventBudget budget;

    @Inject
    AuditCaller caller;

    /** The trail, for code outside a bean (an entity's static history helper). */
    public static AuditTrail current() {
        return Arc.container().instance(AuditTrail.class).get();
    }

    /**
     * Records {@code action} (e.g. {@code unit.rename}, {@code card.lift}) on a target; {@code before} and {@code after}
     * are written as JSON (either may be null). Runs in the caller's transaction.
     */
    public void record(String action, String targetType, Object targetId, Object before, Object after) {
        entry(action, targetType, targetId).before(before).after(after).record();
    }

    /** The same, with the reason the actor gave (a merge's, a lift's, a withdrawal's). */
    public void record(String action, String targetType, Object targetId, Object before, Object after, String reason) {
        entry(action, targetType, targetId).before(before).after(after).reason(reason).record();
    }

    /** An entry to fill in and {@link Entry#record()}. */
    public Entry entry(String action, String targetType, Object targetId) {
        return new Entry(action, targetType, targetId == null ? null : targetId.toString());
    }

    /** One entry being written. */
    public final class Entry {
        private final String action;
        private final String targetType;
        private final String targetId;
        private Object before;
        private Object after;
        private String reason;
        private Actor actor;
        private String cause;
        private UUID onBehalfOf;
        private String onBehalfReason;
        private UUID forUnit;
        private String forUnitReason;

        private Entry(String action, String targetType, String targetId) {
            this.action = action;
            this.targetType = targetType;
            this.targetId = targetId;
        }

        public Entry before(Object value) {
            this.before = value;
            return this;
        }

        public Entry after(Object value) {
            this.after = value;
            return this;
        }

        public Entry reason(String value) {
            this.reason = value;
            return this;
        }

        /** Another actor than the token's (a provincial app, a named system job). */
        public Entry actor(Actor value) {
            this.actor = value;
            return this;
        }

        /** Outside a request: what triggered the change, recorded as the system actor's name. */
        public Entry cause(String value) {
            this.cause = value;
            return this;
        }

        /** The actor acted for {@code unitId}, for {@code why}. */
        public Entry onBehalfOf(UUID unitId, String why) {
            this.onBehalfOf = unitId;
            this.onBehalfReason = why;
            return this;
        }

        /**
         * The change is {@code unitId}'s to make (its signing, report, return): when the actor is a person who does not
         * act for that unit (a supervisor doing it for the unit), the entry records it as done on the unit's behalf.
         */
        public Entry unitsOwn(UUID unitId, String why) {
            this.forUnit = unitId;
            this.forUnitReason = why;
            return this;
        }

        /** Writes the entry in the caller's transaction. */
        public void record() {
            save(false);
        }

        /**
         * Writes the entry in its own transaction, right after a change that is not made in one (an autocommit update, a
         * Kafka replay): there is no transaction to share.
         */
        public void recordAlone() {
            save(true);
        }

        private void save(boolean alone) {
            Actor who = actor != null ? actor : caller.actor(cause);
            UUID behalf = onBehalfOf;
            String behalfWhy = onBehalfReason;
            if (behalf == null && forUnit != null && !SYSTEM.equals(who.subject()) && !forUnit.equals(who.unitId())) {
                behalf = forUnit;
                behalfWhy = forUnitReason;
            }
            AuditRows.Row row = new AuditRows.Row(action, targetType, targetId, who, behalf, shorten(behalfWhy), write(before),
                    write(after), shorten(reason), caller.requestId(), AuditCaller.traceId(), caller.address());
            if (alone) {
                QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(c -> insert(c, row)));
            } else if (inTransaction()) {
                em.unwrap(Session.class).doWork(c -> insert(c, row));
            } else {
                // every call site runs in its change's transaction; one that does not still leaves its entry
                LOG.warnf("audit entry %s on %s %s written outside a transaction", action, targetType, targetId);
                QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(c -> insert(c, row)));
            }
        }
    }

    /**
     * A security event (a refused token, a 403, a refused signature) in its own short transaction, unless the
     * {@link SecurityEventBudget} for its kind and caller is spent this minute. {@code actor} may be null (the token's
     * caller, else anonymous); {@code target} is what was asked for (method and path). Never throws: a failure to write
     * is logged.
     */
    public void security(String action, Actor actor, String address, String target, Map<String, Object> details,
            String givenRequestId) {
        Actor who = actor != null ? actor : new Actor("anonymous", address, List.of(), null);
        long suppressed = budget.admit(action + "|" + (who.subject().equals("anonymous") ? address : who.subject()));
        if (suppressed < 0) {
            return;
        }
        Map<String, Object> after = new java.util.LinkedHashMap<>(details == null ? Map.of() : details);
        if (suppressed > 0) {
            after.put("suppressedBefore", suppressed);
        }
        AuditRows.Row row = new AuditRows.Row(action, "REQUEST", shorten(target), who, null, null, null, write(after), null,
                RequestId.cut(givenRequestId), AuditCaller.traceId(), address);
        try (Connection c = dataSource.getConnection()) {
            // its own connection and commit: the request's transaction, if any, may roll back
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                insert(c, row);
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("security event %s on %s not written to the audit trail: %s", action, target, e.toString());
        }
    }

    private void insert(Connection c, AuditRows.Row row) throws SQLException {
        AuditRows.insert(c, row, clock.instant());
    }

    /** The caller of the current request, from its token; the system (named after {@code cause}) outside one. */
    public Actor currentActor(String cause) {
        return caller.actor(cause);
    }

    private boolean inTransaction() {
        try {
            return transactions.getStatus() != jakarta.transaction.Status.STATUS_NO_TRANSACTION; // marked for rollback: still its own
        } catch (jakarta.transaction.SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        return AuditTexts.json(json, value, config.maxTextLength());
    }

    /** Long texts (a report, a bulletin) become their hash and length: the entry proves which text, the row stays small. */
    private String shorten(String text) {
        return AuditTexts.shorten(text, config.maxTextLength());
    }

    /** A small before/after object that keeps null values (Map.of refuses them), in the order given: key, value, … */
    public static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** SHA-256 of a text's UTF-8 bytes, hex: what an entry keeps of a long text. */
    public static String sha256(String text) {
        return AuditTexts.sha256(text);
    }
}
