package org.duban.task.assignment;

import java.time.Instant;

/** One step of an assignment's history, as the API answers it. */
public record HistoryView(Assignment.Status fromStatus, Assignment.Status toStatus, String actor, String reason, Instant at) {

    static HistoryView of(AssignmentHistory h) {
        return new HistoryView(h.fromStatus, h.toStatus, h.actor, h.reason, h.happenedAt);
    }
}
