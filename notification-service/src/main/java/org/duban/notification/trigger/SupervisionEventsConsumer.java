package org.duban.notification.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Receives {@code duban.supervision.events} and hands each event to {@link SupervisionEventHandler}, one transaction
 * per polled batch ({@link EventInbox#applyBatch}: the processed-event rows, the effects and the notices commit
 * together; the inbox entries are written by {@code delivery/Notifier} just before that commit).
 */
@ApplicationScoped
public class SupervisionEventsConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    SupervisionEventHandler handler;

    @Incoming("supervision-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-supervision", records, event -> handler.handle(event.id(), event.payload()));
    }
}
