package org.duban.unit.registry;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.duban.events.unit.UnitRegistered;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;

/** Registers units; every change is announced through the outbox in the same transaction. */
@ApplicationScoped
public class UnitRegistry {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional
    public Unit register(UnitResource.NewUnit request) {
        String name = request.name().strip();
        if (Unit.nameTaken(name)) {
            throw Problem.conflict("a unit named " + name + " already exists (as a name or an alias)").with("field", "name");
        }
        if (request.parentId() != null && Unit.findById(request.parentId()) == null) {
            throw Problem.invalidField("parentId", "no unit " + request.parentId());
        }
        Unit unit = new Unit();
        unit.id = UUID.randomUUID();
        unit.name = name;
        unit.kind = request.kind();
        unit.level = request.level();
        unit.parentId = request.parentId();
        unit.createdAt = clock.instant();
        if (request.aliases() != null) {
            for (String alias : request.aliases()) {
                String a = alias.strip();
                if (Unit.nameTaken(a)) {
                    throw Problem.conflict("alias " + a + " already names a unit").with("field", "aliases");
                }
                unit.aliases.add(a);
            }
        }
        unit.persist();
        outbox.publish(new UnitRegistered(unit.id, unit.name, unit.aliases, unit.kind.name(), unit.level.name(), unit.parentId));
        return unit;
    }
}
