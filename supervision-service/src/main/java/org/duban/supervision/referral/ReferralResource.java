package org.duban.supervision.referral;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.supervision.Limits;

/** 追责问责: referral files, drafted by rule or by hand, referred, decided; the history only grows. */
@Tag(name = "Referrals (追责问责)", description = "追责问责 — accountability referrals: drafted by rule or by hand, referred, decided; the history only grows")
@Path("/api/referrals")
public class ReferralResource {

    @Inject
    Referrals referrals;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @Schema(name = "ReferralDraftRequest", description = "A referral drafted by hand")
    public record DraftRequest(UUID unitId, @Size(max = Limits.TEXT) String basis, @Size(max = Limits.IDS) List<UUID> warningIds,
            @Size(max = Limits.IDS) List<UUID> findingIds, @Size(max = Limits.IDS) List<UUID> assignmentIds) {
    }

    public record StepRequest(@Size(max = Limits.TEXT) String note) {
    }

    @Schema(name = "ReferralStep", description = "One step of a referral: its state, note, who and when")
    public record Step(int seq, String state, String note, String actor, Instant at) {
    }

    public record ReferralView(UUID referralId, UUID unitId, String state, String basis, String rule, String quarter,
            List<UUID> warningIds, List<UUID> findingIds, List<UUID> assignmentIds, String decision, Instant createdAt,
            List<Step> history) {
        static ReferralView of(Referral r) {
            List<Step> steps = ReferralHistory.<ReferralHistory> list("referralId = ?1 order by seq", r.referralId).stream()
                    .map(h -> new Step(h.seq, h.state, h.note, h.actor, h.at)).toList();
            return new ReferralView(r.referralId, r.unitId, r.state.name(), r.basis, r.rule, r.quarter, r.warningIds, r.findingIds,
                    r.assignmentIds, r.decision, r.createdAt, steps);
        }
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listReferrals", summary = "追责问责台账 — the referral files", description = "Every referral file (or one unit with unitId), oldest first, each with its history. Supervisor and leader; changes nothing.")
    @APIResponse(responseCode = "200", description = "The files, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = ReferralView.class)))
    public List<ReferralView> list(@QueryParam("unitId") UUID unitId) {
        List<Referral> files = unitId == null ? Referral.list("order by createdAt") : Referral.list("unitId = ?1 order by createdAt", unitId);
        return files.stream().map(ReferralView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "getReferral", summary = "One referral file", description = "A referral with its basis, the cards, findings and assignments it rests on, and its history.")
    @APIResponse(responseCode = "404", description = "No referral with this id")
    @APIResponse(responseCode = "200", description = "The file",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReferralView.class)))
    public ReferralView get(@PathParam("id") UUID id) {
        Referral r = Referral.findById(id);
        if (r == null) {
            throw Problem.notFound("no referral " + id);
        }
        return ReferralView.of(r);
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "draftReferral", summary = "起草追责问责 — draft a referral by hand", description = "The supervision office drafts a referral against a unit, with its basis and the cards, findings and assignments it rests on. State DRAFTED; the draft and who made it are in its history. Announces nothing until it is referred.")
    @RequestBody(required = true, description = "The unit, the basis and what it rests on",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "draft", value = """
            {"unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "basis": "红牌 2 张，逾期未整改", "warningIds": ["c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"]}""") }))
    @APIResponse(responseCode = "201", description = "The drafted referral",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReferralView.class), examples = { @ExampleObject(name = "drafted", value = """
            {"referralId": "f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0", "unitId": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "state": "DRAFTED", "basis": "红牌 2 张", "rule": null, "quarter": null, "warningIds": ["c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"], "findingIds": [], "assignmentIds": [], "decision": null, "createdAt": "2026-12-07T02:30:00Z", "history": [{"seq": 1, "state": "DRAFTED", "note": null, "actor": "duchashi-wang", "at": "2026-12-07T02:30:00Z"}]}""") }))
    @APIResponse(responseCode = "400", description = "unitId missing or unknown; basis blank or too long; an id list names something unknown")
    public Response draft(@Valid DraftRequest request) {
        if (request == null) {
            throw Problem.invalidField("unitId", "a referral names the unit");
        }
        Referral r = referrals.draft(request.unitId(), request.basis(), request.warningIds(), request.findingIds(),
                request.assignmentIds(), identity.getPrincipal().getName(), clock.instant());
        return Response.status(201).entity(ReferralView.of(r)).build();
    }

    @POST
    @Path("/{id}/refer")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "referReferral", summary = "移送 — refer the file", description = "The supervision office refers a DRAFTED file (DRAFTED → REFERRED) with an optional note; the step and who took it join the history.")
    @APIResponse(responseCode = "404", description = "No referral with this id")
    @APIResponse(responseCode = "409", description = "The file is not DRAFTED (a referral moves DRAFTED → REFERRED → DECIDED)")
    @APIResponse(responseCode = "200", description = "The file, REFERRED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReferralView.class)))
    public ReferralView refer(@PathParam("id") UUID id, @Valid StepRequest request) {
        referrals.advance(id, Referral.State.REFERRED, request == null ? null : request.note(), identity.getPrincipal().getName(),
                clock.instant());
        return get(id);
    }

    @POST
    @Path("/{id}/decide")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "decideReferral", summary = "作出决定 — record the decision", description = "The supervision office records the decision on a REFERRED file (REFERRED → DECIDED), the note saying what was decided.")
    @APIResponse(responseCode = "404", description = "No referral with this id")
    @APIResponse(responseCode = "409", description = "The file is not REFERRED (a referral moves DRAFTED → REFERRED → DECIDED)")
    @APIResponse(responseCode = "200", description = "The file, DECIDED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReferralView.class)))
    public ReferralView decide(@PathParam("id") UUID id, @Valid StepRequest request) {
        referrals.advance(id, Referral.State.DECIDED, request == null ? null : request.note(), identity.getPrincipal().getName(),
                clock.instant());
        return get(id);
    }
}
