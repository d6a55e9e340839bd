package org.duban.unit.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An organisational unit (单位): a department, a township government, a public enterprise, … */
@Entity
public class Unit extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    @Enumerated(EnumType.STRING)
    public UnitKind kind;

    @Enumerated(EnumType.STRING)
    public UnitLevel level;

    @Column(name = "parent_id")
    public UUID parentId;

    public String status = "ACTIVE";

    @Column(name = "created_at")
    public Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "unit_alias", joinColumns = @JoinColumn(name = "unit_id"))
    @Column(name = "alias")
    public List<String> aliases = new ArrayList<>();

    public static boolean nameTaken(String name) {
        return count("name", name) > 0 || find("select u from Unit u join u.aliases a where a = ?1", name).count() > 0;
    }
}
