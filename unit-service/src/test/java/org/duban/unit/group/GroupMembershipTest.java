package org.duban.unit.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitStatus;
import org.junit.jupiter.api.Test;

/** Group expansion without a server: rule, explicit members, active units only, exclusions win over both. */
class GroupMembershipTest {

    record U(UUID id, String name, UnitKind kind, UnitLevel level, UnitStatus status, UUID parentId)
            implements GroupMembership.Candidate {
    }

    private static final UUID COUNTY = UUID.randomUUID();
    private static final UUID OFFICE = UUID.randomUUID();

    private static final U GOVERNMENT = new U(COUNTY, "中方县人民政府", UnitKind.PEOPLES_GOVERNMENT, UnitLevel.COUNTY, UnitStatus.ACTIVE, null);
    private static final U GENERAL_OFFICE = new U(OFFICE, "县人民政府办公室", UnitKind.GOVERNMENT_DEPARTMENT, UnitLevel.COUNTY, UnitStatus.ACTIVE, COUNTY);
    private static final U SUPERVISION = new U(UUID.randomUUID(), "县政府督查室", UnitKind.GOVERNMENT_DEPARTMENT, UnitLevel.COUNTY, UnitStatus.ACTIVE, OFFICE);
    private static final U FINANCE = new U(UUID.randomUUID(), "县财政局", UnitKind.GOVERNMENT_DEPARTMENT, UnitLevel.COUNTY, UnitStatus.ACTIVE, COUNTY);
    private static final U MERGED = new U(UUID.randomUUID(), "县物价局", UnitKind.GOVERNMENT_DEPARTMENT, UnitLevel.COUNTY, UnitStatus.MERGED, COUNTY);
    private static final U CITY = new U(UUID.randomUUID(), "市财政局", UnitKind.GOVERNMENT_DEPARTMENT, UnitLevel.CITY, UnitStatus.ACTIVE, null);

    private static final Map<UUID, U> UNITS = Map.of(GOVERNMENT.id(), GOVERNMENT, GENERAL_OFFICE.id(), GENERAL_OFFICE,
            SUPERVISION.id(), SUPERVISION, FINANCE.id(), FINANCE, MERGED.id(), MERGED, CITY.id(), CITY);

    private static final GroupRule COUNTY_DEPARTMENTS = new GroupRule(List.of(UnitKind.GOVERNMENT_DEPARTMENT),
            List.of(UnitLevel.COUNTY), COUNTY);

    @Test
    void theRuleSelectsActiveUnitsBelowTheCountyInNameOrder() {
        assertEquals(List.of(GENERAL_OFFICE, SUPERVISION, FINANCE),
                GroupMembership.members(COUNTY_DEPARTMENTS, Set.of(), UNITS, Set.of()));
    }

    @Test
    void anExcludedUnitIsNeverAMemberByRuleOrListed() {
        assertEquals(List.of(GENERAL_OFFICE, FINANCE),
                GroupMembership.members(COUNTY_DEPARTMENTS, Set.of(SUPERVISION.id()), UNITS, Set.of(SUPERVISION.id())));
        assertEquals(List.of(CITY),
                GroupMembership.members(null, Set.of(SUPERVISION.id(), CITY.id(), MERGED.id()), UNITS, Set.of(SUPERVISION.id())));
    }
}
