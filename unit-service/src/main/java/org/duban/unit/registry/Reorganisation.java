package org.duban.unit.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.duban.events.unit.UnitDeactivated;
import org.duban.events.unit.UnitMerged;
import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.problem.Problem;
import org.duban.platform.audit.AuditTrail;

/**
 * A unit's end (机构改革): merged into another unit (合并) or dissolved without a successor (撤销). Each in one
 * transaction under the registry's write lock, with its status history, events, snapshots and audit entry.
 */
@ApplicationScoped
public class Reorganisation {

    @Inject
    RegistryRevision revision;

    @Inject
    Announcer announcer;

    @Inject
    Hierarchy hierarchy;

    @Inject
    AuditTrail audit;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    /**
     * Merges {@code id} into {@code survivorId} (机构合并): the absorbed unit becomes MERGED; its names become
     * the survivor's aliases (documents that still name it resolve to the survivor), its child units, the
     * units it supervised and its group memberships move to the survivor. UnitMerged, then a snapshot of
     * every unit that changed.
     */
    @Transactional
    public Unit merge(UUID id, UUID survivorId, String reason) {
        revision.advance();
        if (survivorId == null) {
            throw Problem.invalidField("survivorId", "must not be null");
        }
        if (id.equals(survivorId)) {
            throw Problem.invalidField("survivorId", "a unit cannot be merged into itself");
        }
        Unit absorbed = Unit.lock(id);
        Unit survivor = Unit.findById(survivorId, LockModeType.PESSIMISTIC_WRITE);
        if (survivor == null) {
            throw Problem.invalidField("survivorId", "no unit " + survivorId);
        }
        Hierarchy.requireActive(absorbed, "merge");
        if (!survivor.isActive()) {
            String status = Hierarchy.describeStatus(survivor);
            throw Problem.conflict("cannot merge " + absorbed.name + " into " + survivor.name + ": it is " + status)
                    .with("field", "survivorId")
                    .with("errors", List.of(Map.of("field", "survivorId", "message", survivor.name + " is " + status)));
        }
        if (Hierarchy.isAncestor(absorbed.id, survivor.parentId)) {
            throw Problem.conflict("cannot merge " + absorbed.name + " into " + survivor.name + ", which sits under it;"
                    + " move " + survivor.name + " first").with("field", "survivorId");
        }
        Map<String, Object> before = pair(announcer.snapshotOf(absorbed), announcer.snapshotOf(survivor));
        Instant now = clock.instant();
        List<Unit> touched = new ArrayList<>();
        for (UnitName n : UnitName.<UnitName> list("unitId", absorbed.id)) {
            n.unitId = survivor.id;
            n.canonical = false;
        }
        for (Unit child : Unit.<Unit> list("parentId = ?1 and id <> ?2", absorbed.id, survivor.id)) {
            child.parentId = survivor.id;
            touched.add(child);
        }
        for (Unit supervised : Unit.<Unit> list("supervisorId = ?1 and id <> ?2", absorbed.id, survivor.id)) {
            supervised.supervisorId = survivor.id;
            if (!touched.contains(supervised)) {
                touched.add(supervised);
            }
        }
        if (absorbed.id.equals(survivor.supervisorId)) {
            survivor.supervisorId = absorbed.supervisorId;
        }
        hierarchy.requireNoSupervisionCycle(survivor, absorbed);
        em.createNativeQuery("""
                insert into unit_group_member (group_id, unit_id)
                select group_id, ?2 from unit_group_member where unit_id = ?1 on conflict do nothing""")
                .setParameter(1, absorbed.id).setParameter(2, survivor.id).executeUpdate();
        em.createNativeQuery("delete from unit_group_member where unit_id = ?1").setParameter(1, absorbed.id).executeUpdate();
        absorbed.status = UnitStatus.MERGED;
        absorbed.mergedIntoId = survivor.id;
        String why = reason == null || reason.isBlank() ? "merged into " + survivor.name : reason.strip();
        UnitStatusChange.record(absorbed, why, now);
        announcer.publish(new UnitMerged(absorbed.id, absorbed.name, survivor.id, survivor.name, now));
        UnitSnapshot absorbedAfter = announcer.announce(absorbed);
        UnitSnapshot survivorAfter = announcer.announce(survivor); // it gained the absorbed unit's names as aliases
        touched.forEach(announcer::announce);
        Map<String, Object> after = pair(absorbedAfter, survivorAfter);
        after.put("moved", touched.stream().map(u -> u.id).toList());
        audit.record("unit.merge", "UNIT", absorbed.id, before, after, why);
        return absorbed;
    }

    /** Dissolves a unit (撤销) without a successor: UnitDeactivated. Refused while units sit under it or report to it. */
    @Transactional
    public Unit deactivate(UUID id, String reason) {
        revision.advance();
        Unit unit = Unit.lock(id);
        Hierarchy.requireActive(unit, "dissolve");
        List<String> dependants = new ArrayList<>();
        Unit.<Unit> list("parentId = ?1 and status = ?2", unit.id, UnitStatus.ACTIVE).forEach(u -> dependants.add(u.name + " (child)"));
        Unit.<Unit> list("supervisorId = ?1 and status = ?2", unit.id, UnitStatus.ACTIVE).forEach(u -> dependants.add(u.name + " (supervised)"));
        if (!dependants.isEmpty()) {
            throw Problem.conflict("cannot dissolve " + unit.name + " while active units depend on it: "
                    + String.join("、", dependants) + "; move them, or merge " + unit.name + " into another unit")
                    .with("dependants", dependants);
        }
        UnitSnapshot before = announcer.snapshotOf(unit);
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? "dissolved" : reason.strip();
        unit.status = UnitStatus.DISSOLVED;
        UnitStatusChange.record(unit, why, now);
        announcer.publish(new UnitDeactivated(unit.id, unit.name, why, now));
        audit.record("unit.deactivate", "UNIT", unit.id, before, announcer.announce(unit), why);
        return unit;
    }

    private static Map<String, Object> pair(UnitSnapshot absorbed, UnitSnapshot survivor) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("absorbed", absorbed);
        pair.put("survivor", survivor);
        return pair;
    }
}
