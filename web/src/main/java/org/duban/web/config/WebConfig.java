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

    /** Evidence files (佐证材料) on a progress report; task-service's {@code duban.evidence.*} limits are the authority. */
    Evidence evidence();

    interface Evidence {
        /**
         * One file at most this many bytes (task-service's {@code duban.evidence.max-file-bytes}, 10 MiB): the form says it,
         * and a larger file is refused here before it is sent on. task-service publishes no endpoint with its limits, so
         * a deployment that changes them there sets the same here ({@code DUBAN_WEB_EVIDENCE_MAX_FILE_BYTES}); its 413
         * answer names the limit it applied, and the page shows that.
         */
        @WithDefault("10485760")
        long maxFileBytes();

        /** All files of one report together (task-service's {@code max-report-bytes}, 30 MiB). */
        @WithDefault("31457280")
        long maxReportBytes();

        /** Files per report (task-service's {@code max-report-files}, 10). */
        @WithDefault("10")
        int maxReportFiles();
    }

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
