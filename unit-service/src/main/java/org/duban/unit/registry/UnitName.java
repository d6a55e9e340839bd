package org.duban.unit.registry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One name a unit is known by: its canonical name or an alias; unique by its folded {@link Names#key key}. */
@Entity
@Table(name = "unit_name")
public class UnitName extends PanacheEntityBase {

    @Id
    public String key;

    public String name;

    @Column(name = "unit_id")
    public UUID unitId;

    public boolean canonical;

    public UnitName() {
    }

    public UnitName(String name, UUID unitId, boolean canonical) {
        this.key = Names.key(name);
        this.name = name;
        this.unitId = unitId;
        this.canonical = canonical;
    }

    public static Optional<UnitName> byName(String name) {
        return findByIdOptional(Names.key(name));
    }

    public static UnitName canonicalOf(UUID unitId) {
        return find("unitId = ?1 and canonical = true", unitId).firstResult();
    }

    /** A unit's aliases (not its canonical name), oldest first. */
    public static List<UnitName> aliasesOf(UUID unitId) {
        return list("unitId = ?1 and canonical = false order by name", unitId);
    }

    public static List<UnitName> namesOf(Collection<UUID> unitIds) {
        return unitIds.isEmpty() ? List.of() : list("unitId in ?1", unitIds);
    }
}
