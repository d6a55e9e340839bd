package org.duban.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the 413 problem reads of Quarkus' own HTTP limits ({@code quarkus.http.limits.*}): the body limit it names. */
@ConfigMapping(prefix = "quarkus.http.limits")
public interface BodyLimitConfig {

    @WithDefault("10240K")
    MemorySize maxBodySize();
}
