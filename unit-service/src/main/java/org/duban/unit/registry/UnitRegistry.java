package org.duban.unit.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.unit.UnitRegistered;
import org.duban.events.unit.UnitRenamed;
import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.problem.Problem;
import org.duban.platform.audit.AuditTrail;

/**
 * A unit's identity and place: register, kind/level/parent/supervisor, rename, aliases. Each change runs in one
 * transaction that first takes the registry's write lock ({@link RegistryRevision}), checks, changes, announces
 * through the outbox ({@link Announcer}: the lifecycle event where there is one, then a snapshot with the
 * version moved on) and leaves its audit entry. Merging and dissolving are {@link Reorganisation}'s; contacts
 * and webhook {@link UnitContacts}'.
 */
@ApplicationScoped
public class UnitRegistry {

    @Inject
    Announcer announcer;

    @Inject
    Hierarchy hierarchy;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    RegistryRevision revision;

    @Inject
    NameClaims claims;

    @Inject
    EntityManager em;

    /** What a new unit needs; {@code aliases}, {@code parentId} and {@code supervisorId} may be null. */
    public record NewUnit(String name, List<String> aliases, UnitKind kind, UnitLevel level, UUID parentId,
            UUID supervisorId) {
    }

    /** The structural facts of a unit an update replaces (null parent or supervisor: none). */
    public record Placement(UnitKind kind, UnitLevel level, UUID parentId, UUID supervisorId) {
    }

    @Transactional
    public Unit register(NewUnit request) {
        return register(UUID.randomUUID(), request);
    }

    /** With a given id: the seed list fixes the ids the demo realm's unit officers carry in their tokens. */
    @Transactional
    public Unit register(UUID id, NewUnit request) {
        revision.advance();
        if (Unit.findById(id) != null) {
            throw Problem.conflict("a unit with id " + id + " already exists").with("field", "id");
        }
        String name = Names.validated("name", request.name());
        claims.requireFree("name", name);
        List<String> aliases = validatedAliases(request.aliases(), name);
        requireKindAndLevel(request.kind(), request.level());
        Instant now = clock.instant();
        Unit unit = new Unit();
        unit.id = id;
        unit.name = name;
        unit.kind = request.kind();
        unit.level = request.level();
        unit.createdAt = now;
        hierarchy.checkParent(unit, request.parentId());
        hierarchy.checkSupervisor(unit, request.supervisorId());
        unit.parentId = request.parentId();
        unit.supervisorId = request.supervisorId();
        unit.persist();
        new UnitName(name, unit.id, true).persist();
        for (String alias : aliases) {
            new UnitName(alias, unit.id, false).persist();
        }
        UnitStatusChange.record(unit, "registered", now);
        announcer.publish(new UnitRegistered(unit.id, unit.name, aliases, unit.kind.name(), unit.level.name(), unit.parentId));
        audit.record("unit.register", "UNIT", unit.id, null, announcer.announce(unit));
        return unit;
    }

    /** Replaces kind, level, parent and supervisor; nothing is announced when nothing changed. */
    @Transactional
    public Unit place(UUID id, Placement placement) {
        revision.advance();
        Unit unit = Unit.lock(id);
        Hierarchy.requireActive(unit, "change");
        requireKindAndLevel(placement.kind(), placement.level());
        hierarchy.checkParent(unit, placement.parentId());
        hierarchy.checkSupervisor(unit, placement.supervisorId());
        if (unit.kind == placement.kind() && unit.level == placement.level()
                && Objects.equals(unit.parentId, placement.parentId())
                && Objects.equals(unit.supervisorId, placement.supervisorId())) {
            return unit;
        }
        UnitSnapshot before = announcer.snapshotOf(unit);
        unit.kind = placement.kind();
        unit.level = placement.level();
        unit.parentId = placement.parentId();
        unit.supervisorId = placement.supervisorId();
        audit.record("unit.place", "UNIT", unit.id, before, announcer.announce(unit));
        return unit;
    }

    /** A new canonical name; the old one stays an alias (UnitRenamed). */
    @Transactional
    public Unit rename(UUID id, String newName) {
        revision.advance();
        Unit unit = Unit.lock(id);
        Hierarchy.requireActive(unit, "rename");
        String name = Names.validated("name", newName);
        String oldName = unit.name;
        if (name.equals(oldName)) {
            return unit;
        }
        UnitSnapshot before = announcer.snapshotOf(unit);
        UnitName current = UnitName.canonicalOf(unit.id);
        UnitName target = UnitName.findById(Names.key(name));
        if (target == null || !target.unitId.equals(unit.id)) {
            claims.requireFree("name", name); // another unit or a group holds it
        }
        if (target != null && target == current) {
            current.name = name; // the same name written differently (e.g. other brackets): no alias
        } else {
            if (current != null) {
                current.canonical = false; // the old name stays, as an alias
            }
            em.flush(); // one canonical name per unit, also between the two updates
            if (target != null) {
                target.canonical = true; // one of the unit's aliases becomes its name
                target.name = name;
            } else {
                new UnitName(name, unit.id, true).persist();
            }
        }
        unit.name = name;
        announcer.publish(new UnitRenamed(unit.id, oldName, name, clock.instant()));
        audit.record("unit.rename", "UNIT", unit.id, before, announcer.announce(unit));
        return unit;
    }

    @Transactional
    public Unit addAlias(UUID id, String alias) {
        revision.advance();
        Unit unit = Unit.lock(id);
        String name = Names.validated("alias", alias);
        UnitName existing = UnitName.findById(Names.key(name));
        if (existing != null && existing.unitId.equals(unit.id)) {
            return unit; // already known by that name
        }
        claims.requireFree("alias", name);
        UnitSnapshot before = announcer.snapshotOf(unit);
        new UnitName(name, unit.id, false).persist();
        audit.record("unit.alias.add", "UNIT", unit.id, before, announcer.announce(unit));
        return unit;
    }

    @Transactional
    public Unit removeAlias(UUID id, String alias) {
        revision.advance();
        Unit unit = Unit.lock(id);
        UnitName existing = UnitName.findById(Names.key(alias));
        if (existing == null || !existing.unitId.equals(unit.id) || existing.canonical) {
            throw Problem.notFound(unit.name + " has no alias " + alias);
        }
        UnitSnapshot before = announcer.snapshotOf(unit);
        existing.delete();
        audit.record("unit.alias.remove", "UNIT", unit.id, before, announcer.announce(unit));
        return unit;
    }

    private List<String> validatedAliases(List<String> raw, String name) {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                String field = "aliases[" + i + "]";
                String alias = Names.validated(field, raw.get(i));
                String key = Names.key(alias);
                if (key.equals(Names.key(name)) || byKey.containsKey(key)) {
                    continue; // the same name twice is one name
                }
                claims.requireFree(field, alias);
                byKey.put(key, alias);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static void requireKindAndLevel(UnitKind kind, UnitLevel level) {
        if (kind == null) {
            throw Problem.invalidField("kind", "must not be null; one of " + List.of(UnitKind.values()));
        }
        if (level == null) {
            throw Problem.invalidField("level", "must not be null; one of " + List.of(UnitLevel.values()));
        }
    }
}
