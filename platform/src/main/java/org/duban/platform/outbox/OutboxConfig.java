package org.duban.platform.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.outbox.*}: how the {@link OutboxRelay} publishes the outbox and when it counts as stalled. */
@ConfigMapping(prefix = "duban.outbox")
public interface OutboxConfig {

    /** The relay runs at all (off in tests that publish nothing). */
    @WithDefault("true")
    boolean enabled();

    /** How often the relay looks for rows when nothing woke it (a commit wakes it at once). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Single rows per pass. */
    @WithDefault("500")
    int batchSize();

    /** Events per pass when the outbox holds batch rows ({@link Outbox#publishAll}). */
    @WithDefault("50000")
    int batchEvents();

    /** Permanent failures of a row (too large, unknown topic, not authorised) before it is parked. */
    @WithDefault("3")
    int maxAttempts();

    /** A commit that wrote outbox rows wakes the relay (off: the relay finds them at its next poll). */
    @WithDefault("true")
    boolean wakeOnCommit();

    /**
     * The {@code duban-outbox} channel producer's own limit: a record larger than this is never sent (checked before
     * sending). It defaults to the channel's {@code max.request.size}, so the two cannot disagree; the channel's settings
     * are SmallRye's connector's and no mapping of ours may claim their prefix.
     */
    @WithDefault("${mp.messaging.outgoing.duban-outbox.max.request.size:1048576}")
    int maxRequestSize();

    /** Liveness reports the relay stalled after this long without a pass. */
    @WithDefault("PT5M")
    Duration stallAfter();
}
