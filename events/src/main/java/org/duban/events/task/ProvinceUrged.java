package org.duban.events.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.events.DomainEvent;

/**
 * The province urged (催办) or put under supervision (督办) a provincial task, and task-service, which owns the links,
 * names the people concerned: the lead units of the county tasks that implement it. {@code kind} is {@code URGE} or
 * {@code SUPERVISE}; {@code level} is {@code YELLOW} or {@code RED} for SUPERVISE (null for URGE). notification-service
 * tells the supervision office and each lead unit; supervision-service records a provincial card on each lead unit for
 * SUPERVISE. {@code messageId} is the province's msgId. Keyed by the provincial task's id. v1.
 */
public record ProvinceUrged(String messageId, UUID taskId, String provTaskId, String taskNumber, String title, String kind,
        String level, String reason, Instant replyBy, List<UUID> countyTaskIds, List<UUID> leadUnitIds, Instant urgedAt)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return taskId.toString();
    }
}
