package org.duban.task.deadline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.events.task.DeadlineRecovered;
import org.duban.platform.outbox.Outbox;

/**
 * Where the deadline package's events are written, in the caller's transaction: the notices (reminders and misses) and
 * the recoveries, each under the id derived from its key ({@link Notice#eventId}), and the lead times the notices are
 * chosen by ({@link #notices()}).
 */
@ApplicationScoped
class Announcements {

    /** The notice part of a recovery's event id. */
    private static final String RECOVERED = "RECOVERED";

    @Inject
    Outbox outbox;

    @Inject
    DeadlineConfig config;

    private volatile Notices notices;

    /** The configured lead times, shortest first (read once: an import asks for every new assignment). */
    Notices notices() {
        Notices read = notices;
        if (read == null) {
            read = Notices.of(config.approachingLeadTimes());
            notices = read;
        }
        return read;
    }

    /** A sweep's notices, in batch rows ({@code Outbox.publishAll}): a sweep writes a million. */
    void publishBatch(List<Outbox.Entry> entries) {
        outbox.publishAll(entries);
    }

    /** One outbox row per notice, under its derived id (a repeat of one still in the outbox is not written). */
    void publishEach(List<Outbox.Entry> entries) {
        entries.forEach(entry -> outbox.publish(entry.event(), entry.id()));
    }

    /** {@code DeadlineRecovered} for one announced miss, under the id derived from the miss. */
    void recovered(UUID assignmentId, UUID taskId, UUID unitId, Instant dueAt, String dueKind, String how, Instant now) {
        outbox.publish(new DeadlineRecovered(assignmentId, taskId, unitId, dueAt, dueKind, how, now),
                Notice.eventId(assignmentId, dueAt, dueKind, RECOVERED));
    }
}
