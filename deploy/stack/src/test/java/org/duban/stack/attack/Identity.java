package org.duban.stack.attack;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import org.duban.testing.Tokens;

/**
 * Who calls in the attack matrix: nobody, four kinds of bad token, and a valid token of each realm role. Tokens are
 * built with SmallRye JWT and signed with the test OIDC server's own key ({@code privateKey.jwk}, kid 1), so a token
 * naming another issuer or audience carries a signature the services trust — the hard case.
 * ({@link Tokens} cannot name another issuer: its fourth argument to the stub is the {@code typ} claim.)
 */
public enum Identity {
    NONE(null),
    EXPIRED(null),
    OTHER_ISSUER(null),
    OTHER_AUDIENCE(null),
    OTHER_KEY(null),
    ADMIN("admin"),
    SUPERVISOR("supervisor"),
    LEADER("leader"),
    UNIT_OFFICER("unit-officer"),
    INTEGRATION("integration"),
    AUDITOR("auditor");

    /** The realm role a valid token of this identity carries; null for the bad ones. */
    public final String role;

    Identity(String role) {
        this.role = role;
    }

    public boolean valid() {
        return role != null;
    }

    /** The roles in the order "strongest first" used to pick who sends the malformed bodies. */
    public static final List<Identity> ROLES = List.of(ADMIN, SUPERVISOR, LEADER, UNIT_OFFICER, INTEGRATION, AUDITOR);

    public static Identity ofRole(String role) {
        for (Identity i : values()) {
            if (role.equals(i.role)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no identity for role " + role);
    }

    /** A bearer token of this identity (null for {@link #NONE}); {@code unit} is the officer's unit. */
    public String token(UUID unit) {
        Instant now = Instant.now();
        return switch (this) {
            case NONE -> null;
            case EXPIRED -> claims("supervisor", Tokens.ISSUER, Tokens.AUDIENCE, null).issuedAt(now.minusSeconds(7200))
                    .expiresAt(now.minusSeconds(3600)).jws().keyId("1").sign("privateKey.jwk");
            case OTHER_ISSUER -> claims("supervisor", "https://another-realm.example.com/realms/duban", Tokens.AUDIENCE, null)
                    .jws().keyId("1").sign("privateKey.jwk");
            case OTHER_AUDIENCE -> claims("supervisor", Tokens.ISSUER, "another-application", null).jws().keyId("1")
                    .sign("privateKey.jwk");
            case OTHER_KEY -> claims("supervisor", Tokens.ISSUER, Tokens.AUDIENCE, null).jws().keyId("1").sign(FOREIGN.getPrivate());
            case UNIT_OFFICER -> claims(role, Tokens.ISSUER, Tokens.AUDIENCE, unit).jws().keyId("1").sign("privateKey.jwk");
            default -> claims(role, Tokens.ISSUER, Tokens.AUDIENCE, null).jws().keyId("1").sign("privateKey.jwk");
        };
    }

    /** A unit officer's token for a given unit (the attack on another unit's ids). */
    public static String officerOf(UUID unit) {
        return UNIT_OFFICER.token(unit);
    }

    private static JwtClaimsBuilder claims(String role, String issuer, String audience, UUID unit) {
        String user = unit == null ? "matrix-" + role : "officer-" + unit;
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.claims().issuer(issuer).audience(Set.of(audience)).subject(user).preferredUserName(user)
                .groups(Set.of(role)).issuedAt(now).expiresAt(now.plusSeconds(3600));
        if (unit != null) {
            claims.claim("unit_id", unit.toString());
        }
        return claims;
    }

    /** A key the services have never seen, for a token with a forged signature. */
    private static final KeyPair FOREIGN;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            FOREIGN = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
