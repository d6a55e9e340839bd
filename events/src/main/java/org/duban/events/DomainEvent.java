package org.duban.events;

/**
 * An event one service publishes and others consume. Its {@link #aggregateId()} becomes the CloudEvents
 * {@code subject} and the Kafka record key, so all events of one task (or one unit) stay in order on one
 * partition.
 */
public interface DomainEvent {
    String aggregateId();
}
