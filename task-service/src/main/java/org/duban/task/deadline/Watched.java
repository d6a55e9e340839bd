package org.duban.task.deadline;

import java.time.Instant;
import java.util.UUID;

/**
 * What the deadline watcher and {@link Recoveries} need of one assignment: its ids, whether it is the task's lead unit
 * (milestones are the lead's), its final due date and the instant before which due dates count against nobody (V42).
 * A value rather than the {@code Assignment} entity, so that the deadline package does not depend on the assignment
 * package that calls it (no package cycle, issue 23); {@code Assignment.watched()} makes one.
 */
public record Watched(UUID id, UUID taskId, UUID unitId, boolean lead, Instant dueAt, Instant countsFrom) {
}
