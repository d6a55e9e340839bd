package org.duban.platform.schema;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the migrations are in; says why while they are not. */
@Readiness
@ApplicationScoped
public class SchemaReadiness implements HealthCheck {

    @Inject
    SchemaMigration migration;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database schema").status(migration.isMigrated());
        if (!migration.isMigrated()) {
            response.withData("error", String.valueOf(migration.lastError()));
        }
        return response.build();
    }
}
