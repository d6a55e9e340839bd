package org.duban.supervision.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Receives {@code duban.task.events} and hands each event to {@link StatusProjection}; it decides nothing itself. One
 * transaction per polled batch ({@link EventInbox#applyBatch}): the batch's {@code processed_event} rows (written by
 * {@code EventInbox}; a redelivered event is skipped there) and the projection's rows, cards and their outbox events
 * commit together.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    StatusProjection projection;

    @Inject
    EntityManager em;

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("supervision-status", records, event -> {
            projection.handle(event.id(), event.payload());
            // keep the persistence context small: otherwise every query of a large batch dirty-checks all rows so far
            em.flush();
            em.clear();
        });
    }
}
