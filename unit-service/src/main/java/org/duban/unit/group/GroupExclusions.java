package org.duban.unit.group;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.unit.config.UnitConfig;
import org.duban.unit.registry.Names;
import org.duban.unit.registry.UnitName;

/**
 * The units no group yields (issue 22): {@code duban.unit.groups.excluded-units}, by name or alias, 县政府督查室
 * by default — the supervision office does not receive tasks or cards through a group it supervises. Names
 * are matched by their folded key, so other brackets or spacing, a later rename (the old name stays an alias)
 * and a merge (the absorbed names move to the survivor) keep the exclusion on the right unit.
 */
@ApplicationScoped
public class GroupExclusions {

    @Inject
    UnitConfig config;

    /** The folded keys of the excluded names ({@code unit_name.key}). */
    public List<String> keys() {
        return config.groups().excludedUnits().stream().filter(n -> !n.isBlank()).map(Names::key).distinct().toList();
    }

    /** The excluded units now (a name not registered excludes nothing). */
    public Set<UUID> unitIds() {
        List<String> keys = keys();
        if (keys.isEmpty()) {
            return Set.of();
        }
        return UnitName.<UnitName> list("key in ?1", keys).stream()
                .map(n -> n.unitId).collect(Collectors.toSet());
    }
}
