package org.duban.province.outbound;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.events.EventType;
import org.duban.platform.inbox.EventInbox;

/**
 * {@code duban.task.events} → outbound messages. Only the five provincial types concern the gateway; the rest of the
 * busy topic (a deadline sweep is a million records) is dropped by its CloudEvents type header before any transaction,
 * so it costs neither a transaction nor a processed-event row. The provincial ones go through platform's
 * {@link EventInbox} (one transaction per polled batch): the outbound rows commit with their processed-event rows.
 */
@ApplicationScoped
public class TaskEventsConsumer {

    static final String CONSUMER = "province-outbound";

    private static final Set<String> PROVINCIAL = Set.of(EventType.PROVINCIAL_TASK_ACCEPTED.type(), EventType.PROVINCIAL_TASK_RETURNED.type(),
            EventType.PROVINCIAL_PROGRESS_COMPILED.type(), EventType.PROVINCIAL_EXTENSION_REQUESTED.type(),
            EventType.PROVINCIAL_TASK_COMPLETED.type());

    @Inject
    EventInbox inbox;

    @Inject
    OutboundWriter writer;

    @Incoming("task-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        ConsumerRecords<String, String> mine = provincial(records);
        if (mine.isEmpty()) {
            return;
        }
        inbox.applyBatch(CONSUMER, mine, event -> writer.write(event.id(), event.payload()));
    }

    /** The records whose {@code ce_type} is a provincial one (a record without the header goes on, to be dead-lettered). */
    static ConsumerRecords<String, String> provincial(ConsumerRecords<String, String> records) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> kept = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            Header type = r.headers().lastHeader("ce_type");
            if (type == null || type.value() == null || PROVINCIAL.contains(new String(type.value(), StandardCharsets.UTF_8))) {
                kept.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new ArrayList<>()).add(r);
            }
        }
        return kept.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(kept, Map.of());
    }
}
