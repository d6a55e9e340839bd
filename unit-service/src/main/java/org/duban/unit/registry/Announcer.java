package org.duban.unit.registry;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.DomainEvent;
import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.outbox.Outbox;

/**
 * What the other services learn of a unit: after every change the unit's version moves on by one and its whole
 * state goes out as a {@link UnitSnapshot} through the outbox, in the change's transaction. The snapshot is also
 * the "before" and "after" of the unit's audit entries.
 */
@ApplicationScoped
public class Announcer {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    /** The whole state of a unit as its replicas see it. */
    public UnitSnapshot snapshotOf(Unit unit) {
        List<String> aliases = UnitName.aliasesOf(unit.id).stream().map(n -> n.name).toList();
        return new UnitSnapshot(unit.id, unit.version, unit.name, aliases, unit.kind.name(), unit.level.name(),
                unit.parentId, unit.supervisorId, unit.status.name(), unit.mergedIntoId,
                unit.contacts.stream().map(UnitContact::toEvent).toList(), unit.webhookUrl);
    }

    /** After every change: the next version, and its snapshot through the outbox; returns that snapshot. */
    public UnitSnapshot announce(Unit unit) {
        unit.version++;
        unit.updatedAt = clock.instant();
        em.flush();
        UnitSnapshot snapshot = snapshotOf(unit);
        outbox.publish(snapshot);
        return snapshot;
    }

    /** A lifecycle event (UnitRegistered, UnitRenamed, …) through the outbox. */
    public void publish(DomainEvent event) {
        outbox.publish(event);
    }
}
