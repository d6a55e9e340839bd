package org.duban.unit.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.problem.Problem;

/**
 * The rules of a unit's place: parent and supervisor exist and are active, the parent chain and the supervision
 * chain never come back to the unit, and a unit must be active to change. Problems name the field at fault.
 */
@ApplicationScoped
public class Hierarchy {

    /** Parent and supervisor chains are never this deep; a longer walk means a cycle slipped in. */
    private static final int MAX_DEPTH = 64;

    @Inject
    EntityManager em;

    static void requireActive(Unit unit, String action) {
        if (!unit.isActive()) {
            throw Problem.conflict("cannot " + action + " " + unit.name + ": it is " + describeStatus(unit))
                    .with("status", unit.status.name());
        }
    }

    static String describeStatus(Unit unit) {
        if (unit.status == UnitStatus.MERGED) {
            Unit into = Unit.findById(unit.mergedIntoId);
            return "merged into " + (into == null ? unit.mergedIntoId : into.name);
        }
        return unit.status.name().toLowerCase(Locale.ROOT);
    }

    /** The new parent must exist and must not be the unit itself or sit under it. */
    void checkParent(Unit unit, UUID parentId) {
        if (parentId == null) {
            return;
        }
        Unit parent = Unit.referenced("parentId", parentId);
        if (parent.id.equals(unit.id) || isAncestor(unit.id, parent.parentId)) {
            throw Problem.invalidField("parentId", "placing " + unit.name + " under " + parent.name
                    + " would make " + unit.name + " its own ancestor");
        }
        if (!parent.isActive()) {
            throw Problem.invalidField("parentId", parent.name + " is " + describeStatus(parent));
        }
    }

    /** The supervisor must exist, be active, and the supervision chain must not come back to the unit. */
    void checkSupervisor(Unit unit, UUID supervisorId) {
        if (supervisorId == null) {
            return;
        }
        Unit supervisor = Unit.referenced("supervisorId", supervisorId);
        if (!supervisor.isActive()) {
            throw Problem.invalidField("supervisorId", supervisor.name + " is " + describeStatus(supervisor));
        }
        UUID current = supervisor.id;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(unit.id)) {
                throw Problem.invalidField("supervisorId", "supervision by " + supervisor.name + " would come back to "
                        + unit.name + " (a supervision cycle)");
            }
            Unit next = Unit.findById(current);
            current = next == null ? null : next.supervisorId;
        }
    }

    /** After a merge re-pointed supervision to the survivor, its own chain must not come back to it (409 otherwise). */
    void requireNoSupervisionCycle(Unit survivor, Unit absorbed) {
        em.flush();
        UUID current = survivor.supervisorId;
        List<String> chain = new ArrayList<>();
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Unit next = Unit.findById(current);
            if (next == null) {
                return;
            }
            chain.add(next.name);
            if (next.id.equals(survivor.id)) {
                throw Problem.conflict("merging " + absorbed.name + " into " + survivor.name + " would make a supervision cycle ("
                        + survivor.name + " → " + String.join(" → ", chain) + "); change one of these supervisors first")
                        .with("field", "survivorId");
            }
            current = next.supervisorId;
        }
    }

    /** Whether {@code ancestorId} is {@code startId} or one of its ancestors (walking parent links up). */
    static boolean isAncestor(UUID ancestorId, UUID startId) {
        UUID current = startId;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(ancestorId)) {
                return true;
            }
            Unit next = Unit.findById(current);
            current = next == null ? null : next.parentId;
        }
        return false;
    }
}
