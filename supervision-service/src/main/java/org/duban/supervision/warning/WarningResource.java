package org.duban.supervision.warning;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.Limits;
import org.duban.supervision.Units;
import org.duban.supervision.history.History;

/** 红黄牌: each unit's card ledger, manual cards, acknowledgement and lifting. */
@Path("/api/warnings")
public class WarningResource {

    @Inject
    Warnings warnings;

    @Inject
    CardedWork work;

    @Inject
    CallerUnit caller;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @Inject
    History history;

    public record WarningView(UUID warningId, UUID unitId, String unitName, String color, String reason, String rule,
            UUID assignmentId, UUID taskId, UUID rectificationId, String issuedBy, Instant issuedAt, Instant acknowledgedAt,
            Instant liftedAt, String liftReason, String origin, String provTaskId, String provinceMessageId, boolean annulled,
            UUID cardedUnitId) {
        static WarningView of(Warning w, String unitName) {
            return new WarningView(w.warningId, w.unitId, unitName, w.color, w.reason, w.rule, w.assignmentId, w.taskId,
                    w.rectificationId, w.issuedBy, w.issuedAt, w.acknowledgedAt, w.liftedAt, w.liftReason, w.origin, w.provTaskId,
                    w.provinceMessageId, w.annulled, w.cardedUnitId);
        }
    }

    /** A card by hand; {@code reason} at most {@value Limits#REASON} characters. */
    public record ManualCard(UUID unitId, String color, @Size(max = Limits.REASON) String reason, UUID assignmentId, UUID taskId) {
    }

    public record LiftRequest(@Size(max = Limits.REASON) String reason) {
    }

    /**
     * The card ledger: a unit's (officers: their own unit's), or every unit's for supervisors and leaders.
     * {@code origin=COUNTY} or {@code PROVINCE} lists the county's own cards or the provincial ones (省级督办) apart.
     */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<WarningView> ledger(@QueryParam("unitId") UUID unitId, @QueryParam("open") Boolean open,
            @QueryParam("origin") String origin) {
        caller.requireMayList(unitId, "cards");
        if (origin != null && !Warning.COUNTY.equals(origin) && !Warning.PROVINCE.equals(origin)) {
            throw Problem.invalidField("origin", "COUNTY or PROVINCE");
        }
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (unitId != null) {
            // a unit's ledger holds the cards of the units merged into it: their record follows the survivor
            q.append(" and unitId in :units");
            params.put("units", Units.withPredecessors(unitId));
        }
        if (origin != null) {
            q.append(" and origin = :origin");
            params.put("origin", origin);
        }
        if (Boolean.TRUE.equals(open)) {
            q.append(" and liftedAt is null");
        }
        q.append(" order by issuedAt, warningId");
        List<Warning> cards = Warning.list(q.toString(), params);
        Map<UUID, String> names = UnitReplica.namesOf(cards.stream().map(w -> w.unitId).distinct().toList());
        return cards.stream().map(w -> WarningView.of(w, names.get(w.unitId))).toList();
    }

    /** A card by hand: a supervisor names the unit, the colour and the reason. */
    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public Response issue(@Valid ManualCard card) {
        if (card == null || card.unitId() == null) {
            throw Problem.invalidField("unitId", "a card names the unit");
        }
        if (card.taskId() != null && !work.knowsTask(card.taskId())) {
            throw Problem.invalidField("taskId", "no task " + card.taskId() + " is known to the supervision office");
        }
        if (card.assignmentId() != null) {
            CardedWork.Work a = work.assignment(card.assignmentId()).orElse(null);
            if (a == null) {
                throw Problem.invalidField("assignmentId", "no assignment " + card.assignmentId() + " is known to the supervision office");
            }
            if (!a.unitId().equals(card.unitId()) || (card.taskId() != null && !a.taskId().equals(card.taskId()))) {
                throw Problem.invalidField("assignmentId", "assignment " + card.assignmentId() + " is not the carded unit's work on that task");
            }
        }
        if (!Warning.YELLOW.equals(card.color()) && !Warning.RED.equals(card.color())) {
            throw Problem.invalidField("color", "YELLOW or RED");
        }
        if (card.reason() == null || card.reason().isBlank()) {
            throw Problem.invalidField("reason", "a card by hand states its reason");
        }
        Units.requireActive("unitId", card.unitId());
        Warning w = warnings.issue(UUID.randomUUID(), card.unitId(), card.color(), null, card.reason().strip(), card.assignmentId(),
                card.taskId(), null, identity.getPrincipal().getName(), clock.instant());
        history.record(History.WARNING, w.warningId, "ISSUED", w.issuedBy, null, null, History.fields("unitId", w.unitId, "color",
                w.color, "reason", w.reason, "assignmentId", w.assignmentId, "taskId", w.taskId), w.issuedAt);
        return Response.status(201).entity(WarningView.of(w, UnitReplica.nameOf(w.unitId).orElse(null))).build();
    }

    /** The unit signs for its card (签收). */
    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    public WarningView acknowledge(@PathParam("id") UUID id) {
        Warning w = find(id);
        // the carded unit, or the unit it was merged into (its record follows the survivor)
        if (!caller.unitId().map(u -> u.equals(w.unitId) || u.equals(UnitReplica.successorOf(w.unitId))).orElse(false)) {
            throw Problem.forbidden("only the carded unit acknowledges its card");
        }
        if (w.acknowledgedAt == null) {
            w.acknowledgedAt = clock.instant();
            w.acknowledgedBy = identity.getPrincipal().getName();
            history.record(History.WARNING, w.warningId, "ACKNOWLEDGED", w.acknowledgedBy, caller.unitId().orElse(null), null, null,
                    w.acknowledgedAt);
        }
        return WarningView.of(w, UnitReplica.nameOf(w.unitId).orElse(null));
    }

    /** A supervisor lifts a card whose cause is cured; a lifted card stays lifted. */
    @POST
    @Path("/{id}/lift")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public WarningView lift(@PathParam("id") UUID id, @Valid LiftRequest request) {
        Warning w = find(id);
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw Problem.invalidField("reason", "say how the cause was cured");
        }
        if (w.liftedAt != null) {
            throw Problem.conflict("the card is already lifted").with("state", "LIFTED");
        }
        warnings.liftByHand(w, request.reason().strip(), identity.getPrincipal().getName(), clock.instant());
        return WarningView.of(w, UnitReplica.nameOf(w.unitId).orElse(null));
    }

    /** The card's history: issued by hand, acknowledged, lifted (by whom), annulled, moved with its assignment. */
    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<History.Step> history(@PathParam("id") UUID id) {
        Warning w = find(id);
        if (caller.isUnitOfficer()
                && !caller.unitId().map(u -> u.equals(w.unitId) || u.equals(UnitReplica.successorOf(w.unitId))).orElse(false)) {
            throw Problem.forbidden("a unit officer reads its own unit's cards");
        }
        return History.of(History.WARNING, id);
    }

    private static Warning find(UUID id) {
        Warning w = Warning.findById(id);
        if (w == null) {
            throw Problem.notFound("no card " + id);
        }
        return w;
    }
}
