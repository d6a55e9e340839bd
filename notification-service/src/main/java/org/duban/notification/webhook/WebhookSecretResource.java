package org.duban.notification.webhook;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.unit.UnitReplica;

/**
 * A unit's webhook signing secret (issue 20): {@code POST} rotates it and answers the new secret — the only time it is
 * ever shown ({@code Cache-Control: no-store}); {@code GET} tells where it comes from, when it was made and rotated and
 * by whom, never the secret. An admin, or the unit's own officer ({@link CallerUnit}); every other unit's id is 403.
 */
@Path("/api/webhook-secrets/{unitId}")
@RolesAllowed({ Roles.ADMIN, Roles.UNIT_OFFICER })
public class WebhookSecretResource {

    @Inject
    CallerUnit caller;

    @Inject
    JsonWebToken token;

    @Inject
    WebhookSecrets secrets;

    @POST
    public Response rotate(@PathParam("unitId") UUID unitId) {
        caller.requireMayActFor(unitId);
        known(unitId);
        WebhookSecrets.Issued issued = secrets.rotate(unitId, token.getName(), token.getSubject());
        return Response.ok(issued).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @GET
    public WebhookSecrets.View view(@PathParam("unitId") UUID unitId) {
        caller.requireMayActFor(unitId);
        known(unitId);
        return secrets.view(unitId);
    }

    private static void known(UUID unitId) {
        if (!QuarkusTransaction.joiningExisting().call(() -> UnitReplica.findByIdOptional(unitId).isPresent())) {
            throw Problem.notFound("no unit " + unitId + " in the unit replica");
        }
    }
}
