package org.duban.task.province;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.province.*}: how task-service handles the tasks the provincial platform issues. */
@ConfigMapping(prefix = "duban.province")
public interface ProvinceConfig {

    /**
     * Sign for (签收) a provincial task by itself, as actor {@code auto}, when a county task already implements it
     * (on TASK_ISSUE, or at the next scheduled pass once the county notice is imported). Off: the supervision office signs.
     */
    @WithDefault("false")
    boolean autoAccept();

    Progress progress();

    /** Progress feedback on the provincial cadence (进度反馈). */
    interface Progress {

        /**
         * How often the schedule looks for provincial tasks whose report is due (also read by {@code @Scheduled} as
         * {@code ${duban.province.progress.check-interval}}); {@code off} disables it.
         */
        @WithDefault("1h")
        String checkInterval();

        /** The cadence of a task the province issued without one: MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY or NONE. */
        @WithDefault("MONTHLY")
        String defaultCadence();

        /** Day of the period's last month by which the feedback is due (the 25th): it is compiled from that day on. */
        @WithDefault("25")
        int reportDay();
    }
}
