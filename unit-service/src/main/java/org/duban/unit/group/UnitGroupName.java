package org.duban.unit.group;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.duban.unit.registry.Names;

/** A name a group is known by (县直相关单位; alias 县直机关各单位), unique by its folded key among all names. */
@Entity
@Table(name = "unit_group_name")
public class UnitGroupName extends PanacheEntityBase {

    @Id
    public String key;

    public String name;

    @Column(name = "group_id")
    public UUID groupId;

    public boolean canonical;

    public UnitGroupName() {
    }

    public UnitGroupName(String name, UUID groupId, boolean canonical) {
        this.key = Names.key(name);
        this.name = name;
        this.groupId = groupId;
        this.canonical = canonical;
    }
}
