package org.duban.platform.outbox;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import org.duban.platform.config.ApplicationName;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The relay's Kafka send: a single event's row through the {@code duban-outbox} channel as a binary CloudEvent (the
 * connector's producer span a child of the request that wrote the row); a batch row's events straight to the same
 * channel's Kafka producer, one record each as {@link BatchRowCodec#records} builds them. Each send answers with the
 * broker's acknowledgement (for a batch row: of all its events).
 */
@ApplicationScoped
class RelaySender {

    @Inject
    @Channel("duban-outbox")
    MutinyEmitter<String> emitter;

    @Inject
    KafkaClientService kafkaClients;

    /** The service's name: the CloudEvents source. */
    @Inject
    ApplicationName application;

    /** The duban-outbox channel's Kafka producer, for batch rows; looked up on first use (the channel starts first). */
    private volatile Producer<String, String> producer;

    /** The CloudEvents source, also counted by the size check. */
    String source() {
        return application.name();
    }

    /** Sends one row; the future completes when the broker acknowledged it, or fails with why not. */
    CompletableFuture<?> send(OutboxRow row) {
        if (row.unreadable() != null) {
            return CompletableFuture.failedFuture(row.unreadable());
        }
        if (!row.isBatch()) {
            return emitter.sendMessage(toMessage(row)).subscribeAsCompletionStage();
        }
        List<ProducerRecord<String, String>> records = BatchRowCodec.records(row.topic(), row.type(), application.name(),
                row.occurredAt(), row.trace(), row.events());
        Producer<String, String> producer = producer();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < acks.length; i++) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(records.get(i), (metadata, failure) -> {
                if (failure == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(failure);
                }
            });
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = kafkaClients.<String, String> getProducer("duban-outbox").unwrap();
        }
        return producer;
    }

    private Message<String> toMessage(OutboxRow row) {
        Message<String> message = Message.of(row.payload());
        if (row.trace().isPresent()) {
            // the connector's producer span becomes a child of the request that wrote the row
            message = message.addMetadata(TracingMetadata.withCurrent(row.trace().restore()));
        }
        return message
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.id().toString())
                        .withSource(URI.create(application.name()))
                        .withType(row.type())
                        .withSubject(row.aggregateId())
                        .withTimestamp(row.occurredAt().atZone(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic())
                        .withKey(row.aggregateId())
                        .build());
    }
}
