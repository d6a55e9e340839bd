package org.duban.platform.http;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How many requests a service works on at once, and how long one may wait for a worker thread (issue 19), under
 * {@code duban.http.load-shedding.*}; each service may set its own in its {@code application.properties}.
 */
@ConfigMapping(prefix = "duban.http.load-shedding")
public interface LoadSheddingConfig {

    /** Off: every request is taken, however many are in flight (as before issue 19). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Requests in flight at most (received, not yet answered); one more is answered 503 at once. The default is a
     * little above the database pool (20 connections): more could only queue for a connection and end in the pool's
     * acquisition timeout.
     */
    @WithDefault("48")
    int maxConcurrent();

    /**
     * The longest a request taken by Quarkus REST may wait for a worker thread; after it, it is answered 503 and not
     * run. Counted from the moment it is routed to its endpoint (its body read) until a worker starts on it.
     */
    @WithDefault("PT10S")
    Duration workerWait();

    /** The {@code Retry-After} of a refusal (whole seconds, at least 1). */
    @WithDefault("PT2S")
    Duration retryAfter();

    /** Path prefixes never refused nor counted: health and metrics must answer an overloaded service's orchestrator. */
    @WithDefault("/q/")
    List<String> exempt();
}
