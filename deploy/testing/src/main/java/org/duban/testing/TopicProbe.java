package org.duban.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.duban.events.DomainEvent;
import org.duban.events.EventJson;
import org.duban.events.EventType;

/** Reads and writes records on the test broker as an outside party would, with plain Kafka clients. */
public final class TopicProbe {

    private TopicProbe() {
    }

    /** Polls {@code topic} from the beginning until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> match,
            Duration timeout) {
        List<ConsumerRecord<String, String>> found = collect(RealInfrastructure.kafka().bootstrapServers(), topic, match,
                Duration.ZERO, timeout);
        if (found.isEmpty()) {
            throw new AssertionError("no matching record on " + topic + " within " + timeout);
        }
        return found.get(0);
    }

    /**
     * Reads {@code topic} from the beginning, as a new consumer group would, and returns every record that
     * matches. It stops {@code settle} after the last match (to catch a duplicate arriving late), or at
     * {@code timeout} in any case.
     */
    public static List<ConsumerRecord<String, String>> collect(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, String>> match, Duration settle, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", "probe-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                        settled = System.nanoTime() + settle.toNanos();
                    }
                }
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Publishes an event as a binary-mode CloudEvent, the way the outbox relay does; returns its id. */
    public static UUID publish(DomainEvent event, String source) {
        return publish(RealInfrastructure.kafka().bootstrapServers(), event, source);
    }

    /** The same, to the broker at {@code bootstrapServers} (a system started outside the test resource). */
    public static UUID publish(String bootstrapServers, DomainEvent event, String source) {
        return publish(bootstrapServers, EventType.of(event).topic(), event.aggregateId(), EventType.of(event).type(),
                UUID.randomUUID(), EventJson.write(event), source);
    }

    /** Publishes any record with CloudEvents headers (also malformed ones, for dead-letter tests). */
    public static UUID publish(String topic, String key, String type, UUID id, String value, String source) {
        return publish(RealInfrastructure.kafka().bootstrapServers(), topic, key, type, id, value, source);
    }

    private static UUID publish(String bootstrapServers, String topic, String key, String type, UUID id, String value,
            String source) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrapServers);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(topic, key, value);
            record.headers()
                    .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                    .add(new RecordHeader("ce_id", id.toString().getBytes(StandardCharsets.UTF_8)))
                    .add(new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)))
                    .add(new RecordHeader("ce_source", source.getBytes(StandardCharsets.UTF_8)))
                    .add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
            return id;
        } catch (Exception e) {
            throw new AssertionError("cannot publish to " + topic, e);
        }
    }
}
