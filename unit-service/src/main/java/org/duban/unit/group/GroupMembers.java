package org.duban.unit.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitStatus;

/** The current members of groups, from the database, for the group API. */
@ApplicationScoped
public class GroupMembers {

    @Inject
    EntityManager em;

    @Inject
    GroupExclusions exclusions;

    record UnitFacts(UUID id, String name, UnitKind kind, UnitLevel level, UnitStatus status, UUID parentId)
            implements GroupMembership.Candidate {
    }

    /** Each group's members, by group id. */
    public Map<UUID, List<UnitFacts>> of(List<UnitGroup> groups) {
        Map<UUID, UnitFacts> units = new HashMap<>();
        em.createQuery("select u.id, u.name, u.kind, u.level, u.status, u.parentId from Unit u", Object[].class)
                .getResultList().forEach(r -> units.put((UUID) r[0],
                        new UnitFacts((UUID) r[0], (String) r[1], (UnitKind) r[2], (UnitLevel) r[3], (UnitStatus) r[4], (UUID) r[5])));
        Map<UUID, Set<UUID>> explicit = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select group_id, unit_id from unit_group_member").getResultList();
        rows.forEach(r -> explicit.computeIfAbsent((UUID) r[0], g -> new HashSet<>()).add((UUID) r[1]));
        Set<UUID> excluded = exclusions.unitIds();
        Map<UUID, List<UnitFacts>> members = new HashMap<>();
        for (UnitGroup g : groups) {
            members.put(g.id, GroupMembership.members(g.rule, explicit.getOrDefault(g.id, Set.of()), units, excluded));
        }
        return members;
    }
}
