package org.duban.province.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.testing.RealInfrastructure;

/** Publishes task-service's provincial events as binary CloudEvents, in order, through one producer (as the outbox relay does). */
public final class Publish {

    private Publish() {
    }

    public static UUID one(DomainEvent event) {
        return all(List.of(event)).get(0);
    }

    /** Returns the CloudEvents ids, in order. */
    public static List<UUID> all(List<? extends DomainEvent> events) {
        Map<String, Object> props = Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(), "linger.ms", 5,
                "enable.idempotence", true, "max.in.flight.requests.per.connection", 1);
        List<UUID> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (DomainEvent e : events) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                EventType type = EventType.of(e);
                var record = new ProducerRecord<>(type.topic(), e.aggregateId(), EventJson.write(e));
                record.headers()
                        .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_id", id.toString().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_type", type.type().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_source", "task-service".getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot publish", e);
        }
        return ids;
    }
}
