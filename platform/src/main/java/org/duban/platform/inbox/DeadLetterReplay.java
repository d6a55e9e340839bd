package org.duban.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;

import org.duban.events.Topics;
import org.duban.platform.kafka.KafkaClientSettings;
import org.duban.platform.problem.Problem;
import org.duban.platform.retention.Retention;

/**
 * What an operator does with a dead-letter topic ({@code <topic>.dlq}, written by SmallRye's {@code dead-letter-queue}
 * strategy and by {@link DeadLetters}, with the same headers): list its records (reason, original topic, partition,
 * offset, event id, type) and replay chosen ones after the cause is fixed. A replayed record goes back to its original
 * topic with its key, payload and CloudEvents headers (the {@code dead-letter-*} headers dropped, a
 * {@code duban-replayed-from} header added); every consumer group of that topic receives it, and each consumer's
 * {@link EventInbox} applies it only if it has not applied that event id before — so replaying is idempotent, however
 * often it is done. Only topics this service consumes may be read or replayed. Served by {@link DeadLetterResource}.
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    @Inject
    KafkaClientService kafkaClients;

    /** A dead-lettered record: where it is on the dead-letter topic, where it came from, why, and what it holds. */
    public record DeadLetter(String deadLetterTopic, int partition, long offset, String topic, Integer originalPartition,
            Long originalOffset, String reason, String cause, String eventId, String type, String key, Instant deadLetteredAt) {
    }

    /** A record of a dead-letter topic to replay, by its place on that topic. */
    public record Position(int partition, long offset) {
    }

    /** Up to {@code limit} records of {@code <topic>.dlq}, oldest first, from {@code fromOffset} in each partition. */
    public List<DeadLetter> list(String topic, long fromOffset, int limit) {
        String dlq = deadLetterTopic(topic);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = reader()) {
            List<TopicPartition> partitions = partitions(consumer, dlq);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                long start = Math.max(fromOffset, consumer.beginningOffsets(List.of(partition)).get(partition));
                if (start >= ends.get(partition)) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, start);
                readUntil(consumer, partition, ends.get(partition), limit - letters.size(),
                        record -> letters.add(letter(record)));
                if (letters.size() >= limit) {
                    break;
                }
            }
        }
        return letters;
    }

    /**
     * Sends the chosen records of {@code <topic>.dlq} back to their original topic and waits for the broker; returns
     * them. A position that holds no record is a 404 problem naming it.
     */
    public List<DeadLetter> replay(String topic, List<Position> positions, String by) {
        String dlq = deadLetterTopic(topic);
        List<ConsumerRecord<String, String>> chosen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = reader()) {
            Set<TopicPartition> known = Set.copyOf(partitions(consumer, dlq));
            for (Position position : positions) {
                TopicPartition partition = new TopicPartition(dlq, position.partition());
                if (!known.contains(partition)) {
                    throw Problem.notFound("no partition " + position.partition() + " on " + dlq);
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, position.offset());
                List<ConsumerRecord<String, String>> found = new ArrayList<>();
                long end = Math.min(position.offset() + 1, consumer.endOffsets(List.of(partition)).get(partition));
                readUntil(consumer, partition, end, 1, found::add);
                if (found.isEmpty() || found.get(0).offset() != position.offset()) {
                    throw Problem.notFound("no record at " + dlq + "-" + position.partition() + "@" + position.offset());
                }
                chosen.add(found.get(0));
            }
        }
        Producer<String, String> producer = kafkaClients.<String, String> getProducer("duban-dead-letters").unwrap();
        List<DeadLetter> replayed = new ArrayList<>();
        for (ConsumerRecord<String, String> record : chosen) {
            DeadLetter letter = letter(record);
            ProducerRecord<String, String> again = new ProducerRecord<>(topic, record.key(), record.value());
            for (Header h : record.headers()) {
                if (!h.key().startsWith("dead-letter-")) {
                    again.headers().add(h);
                }
            }
            again.headers().add(new RecordHeader("duban-replayed-from",
                    (dlq + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8)));
            try {
                producer.send(again).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot replay " + dlq + "-" + record.partition() + "@" + record.offset()
                        + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            LOG.warnf("dead letter %s-%d@%d (event %s, %s) replayed to %s by %s", dlq, record.partition(), record.offset(),
                    letter.eventId(), letter.type(), topic, by);
            replayed.add(letter);
        }
        return replayed;
    }

    /** The dead-letter topic of a topic this service consumes; a 400 problem naming {@code topic} for any other. */
    private static String deadLetterTopic(String topic) {
        Set<String> consumed = Retention.consumedTopics();
        if (topic == null || !consumed.contains(topic)) {
            throw Problem.invalidField("topic", "not a topic this service consumes: " + topic + " (one of " + consumed + ")");
        }
        return topic + Topics.DEAD_LETTER_SUFFIX;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static void readUntil(KafkaConsumer<String, String> consumer, TopicPartition partition, long end, int limit,
            java.util.function.Consumer<ConsumerRecord<String, String>> sink) {
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (taken < limit && consumer.position(partition) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                if (record.offset() >= end || taken >= limit) {
                    return;
                }
                sink.accept(record);
                taken++;
            }
        }
    }

    /** A reader without a consumer group: it commits nothing and disturbs no one. */
    private static KafkaConsumer<String, String> reader() {
        Map<String, Object> props = KafkaClientSettings.connection();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static DeadLetter letter(ConsumerRecord<String, String> record) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                header(record, "dead-letter-topic", record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length())),
                integer(header(record, "dead-letter-partition", null)), longer(header(record, "dead-letter-offset", null)),
                header(record, "dead-letter-reason", null), header(record, "dead-letter-cause", null),
                header(record, "ce_id", null), header(record, "ce_type", null), record.key(),
                Instant.ofEpochMilli(record.timestamp()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name, String otherwise) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? otherwise : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longer(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
