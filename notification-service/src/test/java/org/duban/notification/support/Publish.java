package org.duban.notification.support;

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

/** Publishes many events through one producer, as binary CloudEvents like the outbox relay (TopicProbe does one). */
public final class Publish {

    /** An event and the CloudEvents id it goes out with (keep it to redeliver the same event). */
    public record Sent(UUID id, DomainEvent event) {
    }

    private Publish() {
    }

    public static List<Sent> all(List<? extends DomainEvent> events, String source) {
        List<Sent> sent = new ArrayList<>();
        for (DomainEvent e : events) {
            sent.add(new Sent(UUID.randomUUID(), e));
        }
        again(sent, source);
        return sent;
    }

    /** Sends these events (again) with their ids. */
    public static void again(List<Sent> sent, String source) {
        Map<String, Object> props = Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(), "linger.ms", 5);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Sent s : sent) {
                EventType type = EventType.of(s.event());
                var record = new ProducerRecord<>(type.topic(), s.event().aggregateId(), EventJson.write(s.event()));
                record.headers()
                        .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_id", s.id().toString().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_type", type.type().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_source", source.getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot publish", e);
        }
    }
}
