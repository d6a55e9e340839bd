package org.duban.supervision.warning;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.Limits;
import org.duban.supervision.Units;
import org.duban.supervision.history.History;

/** 红黄牌: each unit's card ledger, manual cards, acknowledgement and lifting. */
@Tag(name = "Cards (红黄牌)", description = "红黄牌预警 — red and yellow cards: the ledger, cards by hand, acknowledgement (签收) and lifting")
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
    @Operation(operationId = "listCards", summary = "红黄牌台账 — the card ledger", description = "The cards issued to one unit (a unit officer: only its own unit, the cards of units merged into it included) or to every unit (supervisor, leader), oldest first. open=true keeps the cards not lifted; origin=COUNTY lists the county office own cards, origin=PROVINCE the provincial ones (省级督办). Changes nothing.")
    @APIResponse(responseCode = "200", description = "The cards, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = WarningView.class)))
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
    @Operation(operationId = "issueCard", summary = "亮牌 — issue a red or yellow card", description = "The supervision office (role supervisor) issues a card by hand to a unit: colour YELLOW or RED, the reason, optionally the task and the assignment it is about (then it must be that unit work on that task). The unit must be active and the task known. Records who issued it in the card history and announces WarningIssued, which puts a notice in the unit inbox.")
    @RequestBody(required = true, description = "The unit, the colour and the reason",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "red card", value = """
            {"unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "color": "RED", "reason": "“互联网+督查”平台建设逾期未报送进展", "taskId": "3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "assignmentId": "b7e1c2d3-4f5a-4b6c-9d7e-8f9a0b1c2d3e"}""") }))
    @APIResponse(responseCode = "201", description = "The card, as issued",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WarningView.class), examples = { @ExampleObject(name = "issued", value = """
            {"warningId": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "unitName": "县政务服务中心", "color": "RED", "reason": "“互联网+督查”平台建设逾期未报送进展", "rule": null, "assignmentId": "b7e1c2d3-4f5a-4b6c-9d7e-8f9a0b1c2d3e", "taskId": "3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "rectificationId": null, "issuedBy": "duchashi-wang", "issuedAt": "2026-12-07T02:30:00Z", "acknowledgedAt": null, "liftedAt": null, "liftReason": null, "origin": "COUNTY", "provTaskId": null, "provinceMessageId": null, "annulled": false, "cardedUnitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01"}""") }))
    @APIResponse(responseCode = "400", description = "unitId missing, unknown or not active; color not YELLOW or RED; reason blank or too long; taskId or assignmentId unknown or not the unit work")
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
    @Operation(operationId = "acknowledgeCard", summary = "签收红黄牌 — the unit acknowledges its card", description = "An officer of the carded unit (or of the unit it was merged into) signs for the card; a second acknowledgement changes nothing. Recorded in the card history with who signed; announces nothing.")
    @APIResponse(responseCode = "403", description = "The caller is not an officer of the carded unit")
    @APIResponse(responseCode = "404", description = "No card with this id")
    @APIResponse(responseCode = "200", description = "The card, acknowledged",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WarningView.class)))
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

    /** The cards to sign for at once; at most {@value #MAX_BULK}, each at most once. */
    public record BulkAcknowledgement(
            @NotNull(message = "list the cards to acknowledge") @Size(min = 1, max = MAX_BULK) List<@NotNull UUID> warningIds) {
    }

    /** The most cards one bulk acknowledgement takes (a unit's whole ledger for a year is far below it). */
    static final int MAX_BULK = 200;

    /**
     * The unit signs for several of its cards at once (签收, issue 22): all or none. A card of another unit or an
     * unknown id refuses the whole request, naming that card, and nothing is acknowledged; cards already
     * acknowledged stay as they were.
     */
    @POST
    @Path("/acknowledge")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    @Operation(operationId = "acknowledgeCards", summary = "批量签收红黄牌 — the unit acknowledges several cards at once", description = "An officer of the carded unit signs for up to 200 of its cards in one call, all or none: a card of another unit (403) or an unknown id (404) refuses the whole request and nothing is acknowledged. A card already acknowledged keeps its first acknowledgement. Each card's history records who signed; announces nothing.")
    @RequestBody(required = true, description = "The cards to acknowledge",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "two cards", value = """
            {"warningIds": ["c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60"]}""") }))
    @APIResponse(responseCode = "400", description = "No list, an empty list, more than 200 ids, or a null id")
    @APIResponse(responseCode = "403", description = "One of the cards is not the caller unit's; nothing is acknowledged")
    @APIResponse(responseCode = "404", description = "One of the ids names no card; nothing is acknowledged")
    @APIResponse(responseCode = "200", description = "The cards, acknowledged, in the order asked",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = WarningView.class)))
    public List<WarningView> acknowledgeAll(@Valid @NotNull(message = "list the cards to acknowledge") BulkAcknowledgement request) {
        // a Problem thrown for any card rolls the whole transaction back: all or none
        return new LinkedHashSet<>(request.warningIds()).stream().map(this::acknowledge).toList();
    }

    /** A supervisor lifts a card whose cause is cured; a lifted card stays lifted. */
    @POST
    @Path("/{id}/lift")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "liftCard", summary = "撤牌 — lift a card", description = "The supervision office lifts a card whose cause is cured, saying how. Records who lifted it and announces WarningLifted (the unit is told).")
    @RequestBody(required = true, description = "How the cause was cured",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "lift", value = """
            {"reason": "已报送进展并经复核"}""") }))
    @APIResponse(responseCode = "404", description = "No card with this id")
    @APIResponse(responseCode = "409", description = "The card is already lifted (state LIFTED)")
    @APIResponse(responseCode = "200", description = "The card, lifted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WarningView.class)))
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
    @Operation(operationId = "cardHistory", summary = "A card history", description = "Issued (by hand or by a rule), acknowledged, lifted (by whom), annulled, moved with its assignment: every step with who and when. A unit officer reads only its own unit cards.")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit card")
    @APIResponse(responseCode = "404", description = "No card with this id")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
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
