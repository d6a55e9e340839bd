package org.duban.notification.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Receives {@code duban.unit.events} and hands each event to {@link UnitEventHandler}, one transaction per polled
 * batch ({@link EventInbox#applyBatch}).
 */
@ApplicationScoped
public class UnitEventsConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    UnitEventHandler handler;

    @Incoming("unit-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-units", records, event -> handler.handle(event.id(), event.payload()));
    }
}
