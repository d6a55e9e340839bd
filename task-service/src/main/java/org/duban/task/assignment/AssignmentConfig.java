package org.duban.task.assignment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.assignment.*}: rules of the assignment lifecycle. */
@ConfigMapping(prefix = "duban.assignment")
public interface AssignmentConfig {

    /** At most this many extension requests (延期申请) per assignment, whatever their outcome. */
    @WithDefault("2")
    int maxExtensions();
}
