package org.duban.province.message;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.duban.events.DomainEvent;
import org.duban.events.province.ProvincialExtensionDecided;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskReviewed;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.province.ProvincialTaskSupervised;
import org.duban.events.province.ProvincialTaskUrged;

/** An accepted province → county message as the Duban event it becomes on {@code duban.province.events}. */
public final class ProvinceEvents {

    private ProvinceEvents() {
    }

    /** The event id: a name-based UUID of the sender's app key and the msgId, so a message is one event however often it comes. */
    public static UUID eventId(String appKey, String msgId) {
        return UUID.nameUUIDFromBytes((appKey + "\n" + msgId).getBytes(StandardCharsets.UTF_8));
    }

    /** The envelope was checked by {@link Envelopes#inbound}: the reads below cannot fail. */
    public static DomainEvent of(Envelope e) {
        Fields p = new Fields(e.payload(), "payload");
        return switch (e.msgType()) {
            case TASK_ISSUE -> new ProvincialTaskIssued(e.msgId(), e.provTaskId(), p.text("documentNumber", false, 2000),
                    p.text("documentTitle", false, 2000), p.text("sectionLabel", false, 2000), p.text("sectionTitle", false, 2000),
                    p.text("taskNumber", false, 2000), p.text("title", true, 2000), p.text("text", false, 100_000),
                    p.text("leadDepartment", false, 2000), p.text("deadlineText", false, 2000), p.deadline("deadline", false),
                    orElse(p.text("reportCadence", false, 64), "NONE"), e.senderOrg(), e.sendTime());
            case URGE -> new ProvincialTaskUrged(e.msgId(), e.provTaskId(), p.text("reason", true, 4000), p.instant("replyBy", false),
                    e.sendTime());
            case SUPERVISE -> new ProvincialTaskSupervised(e.msgId(), e.provTaskId(), p.text("level", true, 64),
                    p.text("reason", true, 4000), e.sendTime());
            case EXTENSION_DECISION -> new ProvincialExtensionDecided(e.msgId(), e.provTaskId(), p.text("requestMsgId", true, 64),
                    p.bool("approved", true), p.deadline("deadline", true), p.text("note", false, 4000), e.sendTime());
            case REVIEW_RESULT -> new ProvincialTaskReviewed(e.msgId(), e.provTaskId(), p.text("result", true, 64),
                    p.text("remarks", false, 4000), e.sendTime());
            case TASK_REVOKE -> new ProvincialTaskRevoked(e.msgId(), e.provTaskId(), p.text("reason", true, 4000), e.sendTime());
            default -> throw new IllegalArgumentException(e.msgType() + " is not sent by the province");
        };
    }

    /** A field of the payload as text (for the task register). */
    public static String text(Envelope e, String name) {
        return new Fields(e.payload(), "payload").text(name, false, 100_000);
    }

    private static String orElse(String s, String other) {
        return s == null ? other : s;
    }
}
