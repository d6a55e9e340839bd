package org.duban.platform.inbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.inbox.*}: the consumers' side of the platform. */
@ConfigMapping(prefix = "duban.inbox")
public interface InboxConfig {

    /** Readiness ("event consumers") is DOWN once a consumer has waited this long on a transient failure. */
    @WithDefault("PT5S")
    Duration notReadyAfter();
}
