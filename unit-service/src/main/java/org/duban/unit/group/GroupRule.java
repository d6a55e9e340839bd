package org.duban.unit.group;

import java.util.List;
import java.util.UUID;

import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;

/**
 * Which units belong to a group without being listed one by one: active units of one of {@code kinds}
 * (any kind when empty) at one of {@code levels} (any level when empty), and, when {@code underUnitId} is
 * set, only those below that unit in the hierarchy. E.g. 各乡镇人民政府 = township governments at township
 * level under 中方县人民政府.
 */
public record GroupRule(List<UnitKind> kinds, List<UnitLevel> levels, UUID underUnitId) {
    public GroupRule {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public boolean matches(UnitKind kind, UnitLevel level) {
        return (kinds.isEmpty() || kinds.contains(kind)) && (levels.isEmpty() || levels.contains(level));
    }
}
