package org.duban.task.province;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Receives what province-gateway publishes on {@code duban.province.events} (channel {@code province-events}, dead
 * letters on {@code duban.province.events.dlq}) and hands each event once, in its own transaction with the inbox row,
 * to {@link ProvinceEventHandler}.
 */
@ApplicationScoped
public class ProvinceEventsConsumer {

    /** The inbox's consumer name: each event is applied once under it. */
    static final String CONSUMER = "task-provincial-tasks";

    @Inject
    EventInbox inbox;

    @Inject
    ProvinceEventHandler handler;

    @Incoming("province-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, handler::handle);
    }
}
