package org.duban.platform.inbox;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.duban.events.Topics;

/**
 * The dead-letter topic for consumers that take records in batches: SmallRye's {@code dead-letter-queue} strategy
 * can only reject a whole batch, so {@link EventInbox#applyBatch} sends the one poison record here itself — with
 * the same headers SmallRye writes ({@code dead-letter-reason}, {@code -cause}, {@code -topic}, {@code -partition},
 * {@code -offset}), so a reader of {@code <topic>.dlq} cannot tell the two apart.
 */
@ApplicationScoped
public class DeadLetters {

    @Channel("duban-dead-letters")
    MutinyEmitter<String> emitter;

    /** Sends the record to {@code <topic>.dlq} and waits for the broker; the original headers are kept. */
    void send(ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        add(headers, "dead-letter-reason", reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        if (reason.getCause() != null) {
            add(headers, "dead-letter-cause", String.valueOf(reason.getCause().getMessage()));
        }
        add(headers, "dead-letter-topic", record.topic());
        add(headers, "dead-letter-partition", Integer.toString(record.partition()));
        add(headers, "dead-letter-offset", Long.toString(record.offset()));
        emitter.sendMessageAndAwait(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic() + Topics.DEAD_LETTER_SUFFIX)
                .withKey(record.key())
                .withHeaders(headers)
                .build()));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
