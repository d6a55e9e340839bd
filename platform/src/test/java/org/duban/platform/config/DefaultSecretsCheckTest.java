package org.duban.platform.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.duban.testing.RealInfrastructure;

/**
 * The check on a running service's real configuration: the test profile starts with the repository's defaults (here
 * also a demo province secret, as a careless deployment would set it, and the database password {@code postgres}); the same
 * configuration under the prod profile is refused with a message naming each property and no value.
 */
@QuarkusTest
@TestProfile(DefaultSecretsCheckTest.CarelessDeployment.class)
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_platform"))
class DefaultSecretsCheckTest {

    public static class CarelessDeployment implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("duban.province.county.secret", "demo-county-secret-NOT-FOR-PRODUCTION");
        }
    }

    @Inject
    DefaultSecretsCheck check;

    @Inject
    Config config;

    @Test
    void theTestProfileStartsWithDefaultsAndTheProdProfileRefusesThem() {
        List<String> offending = check.offending(config);
        assertTrue(offending.stream().anyMatch(o -> o.startsWith("duban.province.county.secret ")), offending.toString());

        check.verify(List.of("test"), config); // dev and test keep their defaults
        // RealInfrastructure's servers are all on loopback: prod is refused when they are not, as in docker-compose
        DefaultSecretsCheck.DefaultSecretsRefused refused = assertThrows(DefaultSecretsCheck.DefaultSecretsRefused.class,
                () -> check.verify(List.of("prod"), new OverriddenConfig(config, Map.of("quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://postgres:5432/duban_platform", "quarkus.datasource.password", "postgres"))));
        assertTrue(refused.getMessage().contains("quarkus.datasource.password")
                && refused.getMessage().contains("duban.province.county.secret"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("NOT-FOR-PRODUCTION") && !refused.getMessage().contains("=postgres"),
                "no value in the message: " + refused.getMessage());
        check.verify(List.of("prod"), config); // all on loopback: a developer's stack, warned only
        List<String> own = check.offending(new OverriddenConfig(config, Map.of("quarkus.datasource.password", "own-Pa55",
                "duban.province.county.secret", "own-secret")));
        assertTrue(own.stream().noneMatch(o -> o.startsWith("quarkus.datasource.password ") || o.startsWith("duban.province.")),
                own.toString());
    }
}
