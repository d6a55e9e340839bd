package org.duban.events.supervision;

import java.time.Instant;
import java.util.UUID;

import org.duban.events.DomainEvent;

/** A card was lifted because its cause was cured (or by a supervisor, {@code reason} says which). Keyed by unit id. v1. */
public record WarningLifted(UUID warningId, UUID unitId, String color, String reason, Instant liftedAt) implements DomainEvent {
    /** The colour, typed ({@link CardColor#UNKNOWN} for a value this version does not know; {@code color()} keeps it). */
    public CardColor cardColor() {
        return CardColor.of(color);
    }

    @Override
    public String aggregateId() {
        return unitId.toString();
    }
}
