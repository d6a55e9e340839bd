package org.duban.platform.schema;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.schema.*}: the start-up schema migration. */
@ConfigMapping(prefix = "duban.schema")
public interface SchemaConfig {

    /** How often a migration that failed (database not reachable yet) is tried again. */
    @WithDefault("PT5S")
    Duration retryInterval();
}
