package org.duban.platform.audit;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;

import org.duban.platform.security.Roles;

/** A change with its audit entry, for {@link AuditTrailTest}: a probe_effect row and the entry in one transaction. */
@Path("/probe/audit")
@RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
public class AuditProbeResource {

    @Inject
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** Writes the change and its entry; with {@code fail}, refuses afterwards, so both roll back. */
    @POST
    @Path("{id}")
    @Transactional
    public String change(@PathParam("id") UUID id, @QueryParam("fail") boolean fail, @QueryParam("text") String text) {
        em.createNativeQuery("insert into probe_effect (event_id, consumer) values (?1, 'audit-probe')").setParameter(1, id)
                .executeUpdate();
        audit.record("probe.change", "PROBE", id, null, Map.of("text", text == null ? "短文本" : text), "试点");
        if (fail) {
            throw new WebApplicationException(409);
        }
        return id.toString();
    }

    /** The application's own refusal (another unit's data), not a role check. */
    @jakarta.ws.rs.GET
    @Path("not-yours")
    public String notYours() {
        throw org.duban.platform.problem.Problem.forbidden("this is another unit's");
    }

    /** A unit's own step: done by a supervisor, the entry says for whom and why. */
    @POST
    @Path("{id}/for/{unit}")
    @Transactional
    public String forUnit(@PathParam("id") UUID id, @PathParam("unit") UUID unit) {
        audit.entry("probe.report", "PROBE", id).after(Map.of("status", "REPORTED")).unitsOwn(unit, "单位无法登录，代为报送").record();
        return id.toString();
    }
}
