package org.duban.notification.webhook;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = "Webhook secrets", description = "Each unit webhook signing secret: rotated by its officer or an admin, shown once")
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
    @Operation(operationId = "rotateWebhookSecret", summary = "轮换签名密钥 — rotate a unit webhook secret", description = "Makes a new signing secret for the unit webhooks and answers it: the only time it is ever shown (Cache-Control: no-store). The previous secret stays valid for a grace period (previousValidUntil). Recorded with who rotated it. An admin or the unit own officer.")
    @APIResponse(responseCode = "200", description = "The new secret, shown once",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookSecrets.Issued.class)))
    @APIResponse(responseCode = "403", description = "A unit officer of another unit")
    @APIResponse(responseCode = "404", description = "The unit is not in the unit replica")
    @jakarta.transaction.Transactional // the rotation and its audit entry commit together (issue 20)
    public Response rotate(@PathParam("unitId") UUID unitId) {
        caller.requireMayActFor(unitId);
        known(unitId);
        WebhookSecrets.Issued issued = secrets.rotate(unitId, token.getName(), token.getSubject());
        org.duban.platform.audit.AuditTrail.current().entry("webhook-secret.rotate", "UNIT", unitId).after(org.duban.platform.audit.AuditTrail.fields("rotatedAt", issued.rotatedAt(), "previousValidUntil", issued.previousValidUntil())).record(); // issue 20: never the secret
        return Response.ok(issued).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    @GET
    @Operation(operationId = "getWebhookSecret", summary = "签名密钥信息 — where a unit secret comes from", description = "Where the secret comes from, when and by whom it was made and rotated; never the secret itself.")
    @APIResponse(responseCode = "200", description = "About the secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookSecrets.View.class)))
    @APIResponse(responseCode = "403", description = "A unit officer of another unit")
    @APIResponse(responseCode = "404", description = "The unit is not in the unit replica")
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
