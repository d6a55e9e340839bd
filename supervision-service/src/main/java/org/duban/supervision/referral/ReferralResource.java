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

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.supervision.Limits;

/** 追责问责: referral files, drafted by rule or by hand, referred, decided; the history only grows. */
@Path("/api/referrals")
public class ReferralResource {

    @Inject
    Referrals referrals;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    public record DraftRequest(UUID unitId, @Size(max = Limits.TEXT) String basis, @Size(max = Limits.IDS) List<UUID> warningIds,
            @Size(max = Limits.IDS) List<UUID> findingIds, @Size(max = Limits.IDS) List<UUID> assignmentIds) {
    }

    public record StepRequest(@Size(max = Limits.TEXT) String note) {
    }

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
    public List<ReferralView> list(@QueryParam("unitId") UUID unitId) {
        List<Referral> files = unitId == null ? Referral.list("order by createdAt") : Referral.list("unitId = ?1 order by createdAt", unitId);
        return files.stream().map(ReferralView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public ReferralView get(@PathParam("id") UUID id) {
        Referral r = Referral.findById(id);
        if (r == null) {
            throw Problem.notFound("no referral " + id);
        }
        return ReferralView.of(r);
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
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
    public ReferralView refer(@PathParam("id") UUID id, @Valid StepRequest request) {
        referrals.advance(id, Referral.State.REFERRED, request == null ? null : request.note(), identity.getPrincipal().getName(),
                clock.instant());
        return get(id);
    }

    @POST
    @Path("/{id}/decide")
    @RolesAllowed(Roles.SUPERVISOR)
    public ReferralView decide(@PathParam("id") UUID id, @Valid StepRequest request) {
        referrals.advance(id, Referral.State.DECIDED, request == null ? null : request.note(), identity.getPrincipal().getName(),
                clock.instant());
        return get(id);
    }
}
