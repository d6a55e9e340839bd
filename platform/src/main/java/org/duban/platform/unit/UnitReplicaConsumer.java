package org.duban.platform.unit;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.inbox.EventInbox;

/**
 * Keeps {@link UnitReplica} from the compacted snapshot topic. A service turns it on with the build property
 * {@code duban.unit-replica.enabled=true} and the Flyway location {@code db/unit-replica}; a new service (or
 * a new consumer group) reads the topic from the start and so rebuilds the whole replica.
 */
@ApplicationScoped
@IfBuildProperty(name = "duban.unit-replica.enabled", stringValue = "true")
public class UnitReplicaConsumer {

    @Inject
    EventInbox inbox;

    @Inject
    Clock clock;

    @Incoming("unit-snapshots")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply("unit-replica", record, event -> {
            if (event.payload() instanceof UnitSnapshot snapshot) {
                UnitReplica.apply(snapshot, clock.instant());
            }
        });
    }
}
