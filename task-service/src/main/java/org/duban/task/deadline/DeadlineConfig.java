package org.duban.task.deadline;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.deadline.*}: the deadline watcher. */
@ConfigMapping(prefix = "duban.deadline")
public interface DeadlineConfig {

    /** How often the watcher sweeps (also read by {@code @Scheduled} as {@code ${duban.deadline.sweep-interval}}). */
    @WithDefault("60s")
    String sweepInterval();

    /** Lead times of {@code DeadlineApproaching}, for every kind of due date. */
    @WithDefault("P7D,P3D")
    List<Duration> approachingLeadTimes();

    /** Open assignments looked at per transaction; a sweep walks all open assignments in ranges of this size. */
    @WithDefault("50000")
    int batchSize();

    /**
     * Ranges claimed at once, each by its own thread and database connection (the connection pool must allow as many
     * beside the service's other work). 1 claims range after range.
     */
    @WithDefault("2")
    int parallelRanges();
}
