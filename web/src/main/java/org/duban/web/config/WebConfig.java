package org.duban.web.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the services are, and how the pages show time. Environment: DUBAN_WEB_SERVICES_TASK etc. */
@ConfigMapping(prefix = "duban.web")
public interface WebConfig {

    Services services();

    /** How long a page waits for one service call. The plan import resolves every unit name, so it is generous. */
    @WithDefault("PT60S")
    Duration apiTimeout();

    /** How long a dry-run upload is kept for its confirmation (in this process's memory). */
    @WithDefault("PT30M")
    Duration importTicketTtl();

    /** Approaching: a deadline within this time from now. */
    @WithDefault("P7D")
    Duration approaching();

    interface Services {
        @WithDefault("http://127.0.0.1:8081")
        URI unit();

        @WithDefault("http://127.0.0.1:8082")
        URI task();

        @WithDefault("http://127.0.0.1:8083")
        URI supervision();

        @WithDefault("http://127.0.0.1:8084")
        URI notification();
    }
}
