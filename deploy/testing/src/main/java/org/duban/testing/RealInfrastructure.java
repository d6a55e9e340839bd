package org.duban.testing;

import java.util.HashMap;
import java.util.Map;

import org.duban.infra.KafkaBroker;
import org.duban.infra.PostgresServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The real servers a service's tests run against, started once per test JVM: PostgreSQL (a database named
 * by the {@code database} init argument), a Kafka KRaft broker, and an OIDC provider that serves discovery
 * and JWKS over HTTP so quarkus-oidc validates signed tokens for real. Returns final property names, so it
 * serves {@code @QuarkusIntegrationTest} too.
 *
 * <pre>{@code @WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))}</pre>
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static OidcWiremockTestResource oidc;

    private String database = "duban_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres().createDatabase(database));
        config.put("quarkus.datasource.username", PostgresServer.SUPERUSER);
        config.put("quarkus.datasource.password", "");
        config.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        config.putAll(oidc());
        return config;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.startEphemeral();
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.startEphemeral();
        }
        return kafka;
    }

    private static synchronized Map<String, String> oidc() {
        if (oidc == null) {
            oidc = new OidcWiremockTestResource();
        }
        Map<String, String> config = new HashMap<>(oidc.start());
        // the stub serves discovery and JWKS for realm "quarkus" under keycloak.url
        config.put("quarkus.oidc.auth-server-url", config.get("keycloak.url") + "/realms/quarkus");
        config.put("quarkus.oidc.token.issuer", Tokens.ISSUER);
        return config;
    }

    /** The servers live for the whole JVM (shutdown hooks stop them): later test classes reuse them. */
    @Override
    public void stop() {
    }
}
