package org.duban.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import org.duban.events.EventJson;
import org.duban.events.EventType;
import org.duban.events.MalformedEventException;

/**
 * The consuming side of every service, in the manner of Debezium's outbox example: read the CloudEvents
 * envelope, skip what this service does not know (tolerant reader), and hand over each event at most once
 * per consumer — the processed-event row is written in the caller's transaction, together with the effect.
 *
 * <p>Use from an {@code @Incoming @Blocking @Transactional} method. A record that can never be applied
 * raises {@link MalformedEventException}; the channel's {@code dead-letter-queue} failure strategy moves it
 * to the dead-letter topic with the reason, and consumption goes on.
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    @Inject
    EntityManager em;

    /**
     * @param consumer names the effect (e.g. {@code notification-inbox}); each consumer sees each event once
     * @return the event, or empty when its type is unknown here or this consumer already applied it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ReceivedEvent> receive(String consumer, ConsumerRecord<String, String> record) {
        String type = header(record, "ce_type");
        String id = header(record, "ce_id");
        if (type == null || id == null) {
            throw new MalformedEventException("not a CloudEvent: ce_type or ce_id header missing (topic "
                    + record.topic() + ", offset " + record.offset() + ")");
        }
        Optional<EventType> known = EventType.ofType(type);
        if (known.isEmpty()) {
            LOG.infof("skipping event %s of unknown type %s on %s", id, type, record.topic());
            return Optional.empty();
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("ce_id is not a UUID: " + id);
        }
        if (record.value() == null) {
            throw new MalformedEventException("event " + id + " has no payload");
        }
        var payload = EventJson.read(record.value(), known.get().payload());
        if (!firstTime(consumer, eventId)) {
            LOG.debugf("event %s already applied by %s", id, consumer);
            return Optional.empty();
        }
        return Optional.of(new ReceivedEvent(eventId, known.get(), payload));
    }

    private boolean firstTime(String consumer, UUID eventId) {
        return em.createNativeQuery("""
                insert into processed_event (consumer, event_id) values (?1, ?2)
                on conflict do nothing""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
