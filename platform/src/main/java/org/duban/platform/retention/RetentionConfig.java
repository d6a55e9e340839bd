package org.duban.platform.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code duban.retention.*}: how long published outbox rows and processed-event rows are kept. The processed-event
 * rows are the consumers' dedupe window: it must be longer than the retention of every topic the service consumes
 * (checked at start-up, see {@link Retention}).
 */
@ConfigMapping(prefix = "duban.retention")
public interface RetentionConfig {

    /** Purging on at all. */
    @WithDefault("true")
    boolean enabled();

    /** Published (or discarded) outbox rows older than this are purged. */
    @WithDefault("P7D")
    Duration outbox();

    /** Processed-event rows older than this are purged: the dedupe window, longer than any consumed topic's retention. */
    @WithDefault("P30D")
    Duration processedEvents();

    /** Rows per delete statement: small, so that each is a short transaction beside the relay and the consumers. */
    @WithDefault("1000")
    int batchSize();

    /** Batches per run at most (the rest waits for the next run). */
    @WithDefault("100")
    int maxBatches();

    /** Time between runs. */
    @WithDefault("PT10M")
    Duration interval();
}
