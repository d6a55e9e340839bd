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

    /**
     * Ranges of assignment ids (DeadlineCursor.RANGES, each a transaction with its own mark) swept at once, each by its
     * own thread and pooled database connection: {@code quarkus.datasource.jdbc.max-size} must leave as many beside
     * the service's other work (application.properties). 1 sweeps range after range.
     */
    @WithDefault("2")
    int parallelRanges();
}
