package org.duban.supervision.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The history of what people change in supervision-service (issue 20, supervision part), appended in the transaction of
 * the change. Kept inside supervision-service until platform offers the shared audit trail; the rows carry what that
 * trail asks (who, their unit, what, target, before and after, when).
 */
@ApplicationScoped
public class History {

    public static final String WARNING = "WARNING";
    public static final String FINDING = "FINDING";
    public static final String RECTIFICATION = "RECTIFICATION";
    public static final String BULLETIN = "BULLETIN";

    /** One change and its actor. {@code before}/{@code after} may be null; map values may be null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String kind, UUID target, String action, String actor, UUID actorUnit, Map<String, Object> before,
            Map<String, Object> after, Instant at) {
        HistoryEntry e = new HistoryEntry();
        e.targetKind = kind;
        e.targetId = target;
        e.action = action;
        e.actor = actor == null ? "system" : actor;
        e.actorUnit = actorUnit;
        e.before = before;
        e.after = after;
        e.at = at;
        e.persist();
        org.duban.platform.audit.AuditTrail.current().entry((kind + "." + action).toLowerCase().replace('_', '-'), kind, target).before(before).after(after).cause("system".equals(e.actor) ? null : e.actor).record(); // issue 20
    }

    @Schema(name = "HistoryStep", description = "One change: what was done, by whom (and for which unit), the fields before and after, when")
    public record Step(long seq, String action, String actor, UUID actorUnit,
            @Schema(description = "The fields as they were (null for a first step): names and JSON values, by action", additionalProperties = Schema.True.class) Map<String, Object> before,
            @Schema(description = "The fields as they became: names and JSON values, by action", additionalProperties = Schema.True.class) Map<String, Object> after,
            Instant at) {
    }

    /** A target's history, oldest first. */
    public static List<Step> of(String kind, UUID target) {
        return HistoryEntry.<HistoryEntry> list("targetKind = ?1 and targetId = ?2 order by seq", kind, target).stream()
                .map(e -> new Step(e.seq, e.action, e.actor, e.actorUnit, e.before, e.after, e.at)).toList();
    }

    /** A map that keeps null values (Map.of refuses them). */
    public static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
