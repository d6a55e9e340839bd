package org.duban.events.supervision;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A yellow or red card (黄牌/红牌) to a unit: by a rule ({@code rule} names it) or by hand ({@code rule} null, {@code issuedBy} the supervisor). {@code assignmentId}/{@code taskId} name the cause when there is one. Keyed by unit id. v1. */
public record WarningIssued(UUID warningId, UUID unitId, String color, String reason, String rule, UUID assignmentId, UUID taskId,
        String issuedBy, Instant issuedAt) implements DomainEvent {
    /** The colour, typed ({@link CardColor#UNKNOWN} for a value this version does not know; {@code color()} keeps it). */
    public CardColor cardColor() {
        return CardColor.of(color);
    }

    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
