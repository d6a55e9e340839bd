package org.duban.testing;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Real signed JWTs for each realm role, validated by quarkus-oidc against the test provider's JWKS. */
public final class Tokens {

    /** The issuer the test OIDC server's tokens carry; services under test must be told to expect it. */
    public static final String ISSUER = "https://server.example.com";

    /** The audience every Duban service requires ({@code quarkus.oidc.token.audience}); the realm's clients add it. */
    public static final String AUDIENCE = "duban";

    private Tokens() {
    }

    public static String admin() {
        return forRole("admin", "admin");
    }

    public static String supervisor() {
        return forRole("supervisor", "supervisor");
    }

    public static String leader() {
        return forRole("leader", "leader");
    }

    public static String integration() {
        return forRole("integration", "integration");
    }

    /** A unit officer: role {@code unit-officer} and claim {@code unit_id}. */
    public static String officerOf(UUID unitId) {
        return OidcWiremockTestResource.generateJwtToken("officer-" + unitId, Set.of("unit-officer"), "officer-" + unitId,
                ISSUER, Set.of(AUDIENCE), Map.of("unit_id", unitId.toString()));
    }

    public static String forRole(String user, String... roles) {
        return OidcWiremockTestResource.generateJwtToken(user, Set.of(roles), user, ISSUER, Set.of(AUDIENCE), Map.of());
    }

    /** A token signed by the test provider's key but meant for another service (another audience): to be refused. */
    public static String forAudience(String audience, String user, String... roles) {
        return OidcWiremockTestResource.generateJwtToken(user, Set.of(roles), user, ISSUER, Set.of(audience), Map.of());
    }
}
