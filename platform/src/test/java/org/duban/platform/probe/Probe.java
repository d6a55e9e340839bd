package org.duban.platform.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.supervision.WarningIssued;
import org.duban.testing.RealInfrastructure;

/** Sends catalogue events to a probe topic as binary CloudEvents (as the relay does), and counts their effects. */
public final class Probe {

    public static final String TOPIC = "platform.probe";
    public static final String SINGLE_TOPIC = "platform.probe.single";

    private Probe() {
    }

    /** A catalogue event (a card) to stand for any event. */
    public static WarningIssued event() {
        return new WarningIssued(UUID.randomUUID(), UUID.randomUUID(), "YELLOW", "probe", null, null, null, "platform-test",
                Instant.parse("2026-12-07T00:00:00Z"));
    }

    /** Sends {@code count} new events to the topic; returns their CloudEvents ids. */
    public static List<UUID> send(String topic, int count) {
        List<UUID> ids = new ArrayList<>();
        Map<String, Object> props = Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(), "linger.ms", 5);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                WarningIssued event = event();
                UUID id = UUID.randomUUID();
                ids.add(id);
                var record = new ProducerRecord<>(topic, event.aggregateId(), EventJson.write(event));
                EventType type = EventType.of(event);
                record.headers()
                        .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_id", id.toString().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_type", type.type().getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("ce_source", "platform-test".getBytes(StandardCharsets.UTF_8)))
                        .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot send to " + topic, e);
        }
        return ids;
    }

    /** How many records a topic holds (0 when it does not exist). */
    public static long records(String topic) {
        Map<String, Object> props = Map.of("bootstrap.servers", RealInfrastructure.kafka().bootstrapServers(),
                "allow.auto.create.topics", false);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How many effects (rows, duplicates included) the consumer had for these events. */
    public static long effects(EntityManager em, String consumer, List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from probe_effect where consumer = :consumer and event_id in (:ids)")
                .setParameter("consumer", consumer).setParameter("ids", ids).getSingleResult()).longValue());
    }
}
