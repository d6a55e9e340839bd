package org.duban.platform.security;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;

/** Who is calling, in unit terms: a unit officer acts for the one unit named in the token. */
@RequestScoped
public class CallerUnit {

    public static final String CLAIM = "unit_id";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public boolean isUnitOfficer() {
        return identity.hasRole(Roles.UNIT_OFFICER)
                && !identity.hasRole(Roles.SUPERVISOR) && !identity.hasRole(Roles.ADMIN) && !identity.hasRole(Roles.LEADER);
    }

    /** The caller's unit, if the token names one. */
    public Optional<UUID> unitId() {
        Object claim = token.getClaim(CLAIM);
        if (claim == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(claim.toString().replace("\"", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * For a list filtered by {@code ?unitId=}: a unit officer must name a unit (400 naming the field) and only its own
     * (403); other roles may leave it out (every unit) or name any.
     */
    public void requireMayList(UUID unitId, String what) {
        if (unitId == null && isUnitOfficer()) {
            throw Problem.invalidField("unitId", "a unit officer reads its own unit's " + what + ": give unitId");
        }
        if (unitId != null) {
            requireMayActFor(unitId);
        }
    }

    /** Unit officers may act only for their own unit; other roles pass. Throws 403 otherwise. */
    public void requireMayActFor(UUID unitId) {
        if (isUnitOfficer() && !unitId().map(unitId::equals).orElse(false)) {
            throw Problem.forbidden("a unit officer acts only for the unit in the token's " + CLAIM + " claim");
        }
    }
}
