package org.duban.platform.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code GET /api/me}: who the caller is, as every service sees the token — so a client (the web workspace, a script)
 * never has to pass its own unit or guess its roles. The same answer on every service.
 */
@Path("/api/me")
@Authenticated
@Tag(name = "me", description = "The caller: who the access token says it is (roles, unit, name)")
public class MeResource {

    /** The caller: token subject, user name, display name, the Duban roles it holds, and its unit if it acts for one. */
    public record Me(String subject, String username, String name, List<String> roles, Optional<UUID> unitId, boolean unitOfficer) {
    }

    static final List<String> KNOWN = List.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION,
            Roles.AUDITOR);

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    CallerUnit caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getMe", summary = "Who am I", description = "Any caller with a valid token. The caller's subject, "
            + "user name, display name, Duban roles and unit (for a unit officer, the unit of the token's unit_id claim), read "
            + "from the access token, so a client never passes its own unit. Changes nothing; the same answer on every service.")
    public Me me() {
        String username = Optional.ofNullable(token.<String> getClaim("preferred_username")).orElse(identity.getPrincipal().getName());
        String name = Optional.ofNullable(token.<String> getClaim("name")).orElse(username);
        List<String> roles = KNOWN.stream().filter(identity::hasRole).toList();
        return new Me(token.getSubject(), username, name, roles, caller.unitId(), caller.isUnitOfficer());
    }
}
