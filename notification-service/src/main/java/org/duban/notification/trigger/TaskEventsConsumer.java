package org.duban.notification.trigger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Receives {@code duban.task.events} and hands each event to {@link TaskEventHandler}; it decides nothing itself.
 * One transaction per polled batch ({@link EventInbox#applyBatch}): the batch's {@code processed_event} rows (written
 * by {@code EventInbox}, one statement for the batch; a redelivered event is skipped there), the handler's effects and
 * the notices' delivery rows commit together, so each event is turned into notices exactly once. The notices' inbox
 * entries are batched too: {@code delivery/Notifier} writes them in one statement just before that commit (its
 * {@code InboxRowsAtCommit}, one hop from here).
 */
@ApplicationScoped
public class TaskEventsConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    TaskEventHandler handler;

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-inbox", records, event -> handler.handle(event.id(), event.payload()));
    }
}
