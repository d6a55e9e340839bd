package org.duban.events.province;

import java.time.Instant;

import org.duban.events.DomainEvent;

/**
 * The provincial platform issued a task to the county (下发任务, {@code TASK_ISSUE}); province-gateway accepted the
 * signed message. {@code provTaskId} is the province's own serial number (办件编号), the key of every message about
 * the task. {@code dueAt} is the printed deadline as an instant where it names a date (null for 持续推进).
 * {@code messageId} is the province's {@code msgId}. Keyed by provTaskId. v1.
 */
public record ProvincialTaskIssued(String messageId, String provTaskId, String documentNumber, String documentTitle,
        String sectionLabel, String sectionTitle, String taskNumber, String title, String text, String leadDepartment,
        String deadlineText, Instant dueAt, String reportCadence, String senderOrg, Instant issuedAt) implements DomainEvent {
    @Override
    public String aggregateId() {
        return provTaskId;
    }
}
