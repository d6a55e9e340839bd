package org.duban.supervision.warning;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.DomainEvent;
import org.duban.events.EventType;
import org.duban.platform.outbox.Outbox;

/**
 * Announces an event whose id derives from its cause at most once, ever. The guarantee is kept in supervision's own
 * table {@code announced_event} (V7), not in the outbox: platform purges published outbox rows after
 * {@code duban.retention.outbox} (7 days), and a read model rebuilt by replaying the task events after that would
 * otherwise announce every card again. The table is not part of the read model: a rebuild keeps it (README, "Rebuilding
 * the read model").
 */
@ApplicationScoped
public class Announcements {

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    /**
     * Records the event id and, only if it was not announced before, writes the event to the outbox, both in the caller's
     * transaction. Returns whether it was announced now.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean once(DomainEvent event, UUID id) {
        int taken = em.createNativeQuery("insert into announced_event (event_id, type) values (?1, ?2) on conflict (event_id) do nothing")
                .setParameter(1, id)
                .setParameter(2, EventType.of(event).type())
                .executeUpdate();
        if (taken == 0) {
            return false;
        }
        // the outbox keeps its own guard on the id too (a row still there from before V7's backfill): nothing lost
        outbox.publish(event, id);
        return true;
    }
}
