package org.duban.task.unit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.unit.UnitRegistered;
import org.duban.platform.inbox.EventInbox;

@ApplicationScoped
public class UnitEventsConsumer {

    @Inject
    EventInbox inbox;

    @Incoming("unit-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply("task-unit-replica", record, event -> {
            if (event.payload() instanceof UnitRegistered registered) {
                UnitReplica unit = UnitReplica.findById(registered.unitId());
                if (unit == null) {
                    unit = new UnitReplica();
                    unit.id = registered.unitId();
                }
                unit.name = registered.name();
                unit.level = registered.level();
                unit.persist();
            }
        });
    }
}
