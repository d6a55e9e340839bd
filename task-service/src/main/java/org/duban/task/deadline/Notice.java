package org.duban.task.deadline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;
import org.duban.events.task.DeadlineApproaching;
import org.duban.events.task.DeadlineMissed;
import org.duban.platform.outbox.Outbox;

/**
 * A notice of one due date: MISSED, or the reminder of a lead time ({@code lead} null for MISSED); its moment is when
 * it becomes due to be sent. Its event, and the event id every notice (and recovery) derives from its key.
 */
record Notice(Duration lead, Instant moment) {

    static final String MISSED = "MISSED";

    /** e.g. MISSED, APPROACHING_PT72H: part of the event id. */
    String kind() {
        return lead == null ? MISSED : "APPROACHING_" + lead;
    }

    /** The notice's event for {@code due}, under the id derived from its key. */
    Outbox.Entry entry(DueQuery.Due due, String dueKind, Instant now) {
        DomainEvent event = lead == null
                ? new DeadlineMissed(due.assignmentId(), due.taskId(), due.unitId(), due.dueAt(), now, dueKind, due.label())
                : new DeadlineApproaching(due.assignmentId(), due.taskId(), due.unitId(), due.dueAt(), now, dueKind, due.label());
        return new Outbox.Entry(eventId(due.assignmentId(), due.dueAt(), dueKind, kind()), event);
    }

    /**
     * The event id of a notice (or its recovery): the same key always gives the same id — a name-based (version 3, MD5)
     * UUID of the assignment id, the due instant, the kind of due date and the notice, as {@link UUID#nameUUIDFromBytes}
     * makes it, but from the key's bytes and with one digest per thread: building the key as text and a new digest
     * per id cost a fifth of a million-notice sweep.
     */
    static UUID eventId(UUID assignmentId, Instant dueAt, String dueKind, String kind) {
        MessageDigest md5 = MD5.get();
        ByteBuffer key = ByteBuffer.allocate(28);
        key.putLong(assignmentId.getMostSignificantBits()).putLong(assignmentId.getLeastSignificantBits())
                .putLong(dueAt.getEpochSecond()).putInt(dueAt.getNano());
        md5.update(key.array());
        md5.update(dueKind.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '/');
        md5.update(kind.getBytes(StandardCharsets.UTF_8));
        byte[] hash = md5.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });
}
