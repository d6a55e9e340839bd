package org.duban.platform.probe;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.duban.platform.inbox.EventInbox;
import org.duban.platform.inbox.ReceivedEvent;

/**
 * The platform tests' consumers: one takes {@code platform.probe} in batches ({@link EventInbox#applyBatch}), one takes
 * {@code platform.probe.single} a record at a time ({@link EventInbox#apply}). Each effect is a row of
 * {@code probe_effect}, which has no unique guard, so a duplicate shows. {@link #BUG} is the test switch of a bug in
 * the effect: while it is on, every effect fails for good (and the record is dead-lettered).
 */
@ApplicationScoped
public class ProbeConsumer {

    public static final String BATCHES = "probe-batches";
    public static final String SINGLES = "probe-singles";
    public static final AtomicBoolean BUG = new AtomicBoolean();

    @Inject
    EntityManager em;

    @Inject
    EventInbox inbox;

    @Incoming("probe-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch(BATCHES, records, event -> effect(BATCHES, event));
    }

    @Incoming("probe-single")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply(SINGLES, record, event -> effect(SINGLES, event));
    }

    private void effect(String consumer, ReceivedEvent event) {
        if (BUG.get()) {
            throw new IllegalStateException("the probe's effect has a bug (test switch)");
        }
        em.createNativeQuery("insert into probe_effect (event_id, consumer) values (?1, ?2)")
                .setParameter(1, event.id()).setParameter(2, consumer).executeUpdate();
    }
}
