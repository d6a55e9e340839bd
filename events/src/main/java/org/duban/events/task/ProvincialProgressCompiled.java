package org.duban.events.task;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * A progress feedback for a provincial task (进度反馈) rolled up from the county's own reports on the county tasks
 * that implement it, so no unit reports twice: {@code percentComplete} is the lowest current lead percent, the
 * narrative the leads' narratives in task order, {@code figures} the quantitative figures summed where they count the
 * same thing, {@code parts} the reports it was made from. province-gateway sends {@code PROGRESS}. {@code progressId}
 * derives from the provincial task and the period (or the supervisor's request), so compiling the same period twice
 * is one message. Keyed by the provincial task's id. v1.
 */
public record ProvincialProgressCompiled(UUID progressId, UUID taskId, String provTaskId, String period, int percentComplete,
        String narrative, List<Figure> figures, List<String> evidence, List<Part> parts, String compiledBy, Instant compiledAt)
        implements DomainEvent {

    /** A quantitative figure such as 已实现 130 项 of 138: {@code name} and {@code measure} say what is counted. */
    public record Figure(String name, BigDecimal value, BigDecimal target, String measure) {
    }

    /** One county report the feedback was made from. */
    public record Part(UUID countyTaskId, String taskNumber, UUID assignmentId, UUID unitId, UUID reportId, int percentComplete,
            String narrative, Instant reportedAt) {
    }

    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
