package org.duban.task.importer;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.importer.*}: where unit-service answers name resolution, and how big a document may be. */
@ConfigMapping(prefix = "duban.importer")
public interface ImporterConfig {

    /** unit-service's base URL; the importer calls {@code POST /api/units/resolve} there. */
    @WithDefault("http://localhost:8081")
    URI unitServiceUrl();

    /** How long one resolve call may take before the import fails with 503. */
    @WithDefault("PT10S")
    Duration resolveTimeout();

    /**
     * The level of the government this service supervises for (a county's 督查室: COUNTY). A plan of this level assigns
     * its tasks; a plan of another level (the province's, the city's work points and notices) is an upstream plan,
     * imported as a reference to link to.
     */
    @WithDefault("COUNTY")
    org.duban.task.plan.Plan.Level homeLevel();

    /** Largest document accepted, in bytes (5 MiB); larger uploads get 413. */
    @WithDefault("5242880")
    int maxDocumentBytes();
}
