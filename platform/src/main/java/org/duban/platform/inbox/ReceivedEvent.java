package org.duban.platform.inbox;

import java.util.UUID;

import org.duban.events.DomainEvent;
import org.duban.events.EventType;

/** An event read from Kafka: its CloudEvents id and type, and the payload as the catalogue's record. */
public record ReceivedEvent(UUID id, EventType type, DomainEvent payload) {
}
