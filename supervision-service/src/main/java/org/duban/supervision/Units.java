package org.duban.supervision;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.duban.platform.problem.Problem;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.status.AssignmentStatus;

/**
 * What supervision-service checks of the units and tasks a request names (issue 22): units against the platform unit
 * replica (known and active), tasks against its own read model (a task is known when one of its assignments was
 * announced). And the merge rule: a merged unit's record follows its survivor (view {@code unit_successor}, built from
 * the replica's MERGED snapshots).
 */
public final class Units {

    private Units() {
    }

    /** 400 naming {@code field} unless the unit replica knows the unit and it is active (not merged or dissolved). */
    public static void requireActive(String field, UUID unitId) {
        requireActive(field, List.of(unitId));
    }

    public static void requireActive(String field, Collection<UUID> unitIds) {
        if (unitIds.isEmpty()) {
            return;
        }
        Map<UUID, UnitReplica> known = UnitReplica.<UnitReplica> list("id in ?1", Set.copyOf(unitIds)).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u));
        for (UUID id : unitIds) {
            UnitReplica u = known.get(id);
            if (u == null) {
                throw Problem.invalidField(field, "no unit " + id + " is known (unit replica)");
            }
            if (!"ACTIVE".equals(u.status)) {
                throw Problem.invalidField(field, "unit " + id + " (" + u.name + ") is " + u.status
                        + (u.mergedIntoId == null ? "" : ", merged into " + u.mergedIntoId));
            }
        }
    }

    /** 400 naming {@code field} unless every task is known to the read model (one of its assignments was announced). */
    public static void requireKnownTasks(String field, Collection<UUID> taskIds) {
        if (taskIds.isEmpty()) {
            return;
        }
        Set<UUID> known = new LinkedHashSet<>(AssignmentStatus.getEntityManager()
                .createQuery("select distinct a.taskId from AssignmentStatus a where a.taskId in :t", UUID.class)
                .setParameter("t", Set.copyOf(taskIds)).getResultList());
        for (UUID id : taskIds) {
            if (!known.contains(id)) {
                throw Problem.invalidField(field, "no task " + id + " is known to the supervision office");
            }
        }
    }

    /** The unit and every unit merged into it (directly or through others): one ledger, one score. */
    @SuppressWarnings("unchecked")
    public static Set<UUID> withPredecessors(UUID unitId) {
        Set<UUID> units = new LinkedHashSet<>();
        units.add(unitId);
        units.addAll(UnitReplica.getEntityManager().createNativeQuery("select unit_id from unit_successor where survivor_id = :u", UUID.class)
                .setParameter("u", unitId).getResultList());
        return units;
    }
}
