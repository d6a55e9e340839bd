package org.duban.province.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.platform.schema.SchemaMigration;
import org.duban.province.config.GatewayConfig;
import org.duban.province.signing.Credentials;

/**
 * Tells an operator on {@code /q/health/ready} what the provincial link lacks, without taking the gateway out of
 * rotation (always UP): the province can still push while the county's outbound settings are missing, and messages to
 * the province wait in the outbox until they are set. Data: {@code outbound} ("ready" or what is missing), the number of
 * registered provincial apps, messages that gave up ({@code FAILED}) and the age of the oldest message still waiting.
 */
@Readiness
@ApplicationScoped
public class ProvinceLinkReadiness implements HealthCheck {

    public static final String NAME = "provincial link";

    @Inject
    GatewayConfig config;

    @Inject
    Credentials credentials;

    @Inject
    SchemaMigration schema;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up()
                .withData("outbound", outbound(config.outboundUrl(), credentials.own().isPresent()))
                .withData("registered apps", credentials.apps().size());
        if (credentials.apps().isEmpty()) {
            response.withData("inbound", "no provincial app registered (duban.province.apps.*): every message is refused");
        }
        if (schema.isMigrated()) {
            try {
                Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                        select count(*) filter (where status = 'FAILED'),
                               min(created_at) filter (where status in ('PENDING', 'SENDING'))
                        from outbound_message""").getSingleResult());
                response.withData("failed messages", ((Number) row[0]).longValue());
                if (row[1] != null) {
                    Instant oldest = row[1] instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) row[1];
                    response.withData("oldest waiting", Duration.between(oldest, clock.instant()).toSeconds() + " s");
                }
            } catch (RuntimeException e) {
                response.withData("outbox", "not readable: " + e.getMessage());
            }
        }
        return response.build();
    }

    /** "ready", or the settings the county's outbound messages wait for, by their environment names. */
    public static String outbound(Optional<String> outboundUrl, boolean countyCredentials) {
        List<String> missing = new ArrayList<>();
        if (outboundUrl.filter(u -> !u.isBlank()).isEmpty()) {
            missing.add("DUBAN_PROVINCE_OUTBOUND_URL");
        }
        if (!countyCredentials) {
            missing.add("DUBAN_PROVINCE_COUNTY_APP_KEY with its secret or private key");
        }
        return missing.isEmpty() ? "ready" : "messages to the province wait: not set " + String.join(", ", missing);
    }
}
