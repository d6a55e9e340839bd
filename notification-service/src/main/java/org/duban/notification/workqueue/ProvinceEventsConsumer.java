package org.duban.notification.workqueue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;

/**
 * Province events (province-gateway's {@code duban.province.events}) → the work queue: a provincial task issued waits
 * for the office's 签收, the province's revocation ends what waited on it. Notices about the province's 催办 and 督办
 * come from task-service's {@code ProvinceUrged} (trigger/TaskEventHandler), which names the county tasks and lead units.
 */
@ApplicationScoped
public class ProvinceEventsConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    WorkQueue workQueue;

    @Incoming("province-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch("notification-province", records, event -> workQueue.on(event.id(), event.payload()));
    }
}
