package org.duban.unit.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitStatus;

/**
 * Group expansion, the one place it is decided who belongs to a group: the active units listed explicitly or
 * selected by the group's {@link GroupRule}, never an excluded unit ({@link GroupExclusions}: the supervision
 * office is never supervised by itself), in name order. The group API ({@link GroupMembers}) and the name
 * resolver's in-memory index both expand groups here.
 */
public final class GroupMembership {

    /** Parent chains are never this deep; a longer walk means a cycle slipped in. */
    private static final int MAX_DEPTH = 64;

    /** What expansion needs to know of a unit. */
    public interface Candidate {
        UUID id();

        String name();

        UnitKind kind();

        UnitLevel level();

        UnitStatus status();

        UUID parentId();
    }

    private GroupMembership() {
    }

    /** The members of a group with {@code rule} and {@code explicit} members, among {@code units} (by id). */
    public static <U extends Candidate> List<U> members(GroupRule rule, Set<UUID> explicit, Map<UUID, U> units,
            Set<UUID> excluded) {
        List<U> members = new ArrayList<>();
        for (U u : units.values()) {
            if (u.status() != UnitStatus.ACTIVE || excluded.contains(u.id())) {
                continue;
            }
            boolean byRule = rule != null && rule.matches(u.kind(), u.level())
                    && (rule.underUnitId() == null || isBelow(u, rule.underUnitId(), units));
            if (byRule || explicit.contains(u.id())) {
                members.add(u);
            }
        }
        members.sort(Comparator.comparing(Candidate::name));
        return members;
    }

    private static boolean isBelow(Candidate unit, UUID ancestor, Map<UUID, ? extends Candidate> units) {
        UUID current = unit.parentId();
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(ancestor)) {
                return true;
            }
            Candidate next = units.get(current);
            current = next == null ? null : next.parentId();
        }
        return false;
    }
}
