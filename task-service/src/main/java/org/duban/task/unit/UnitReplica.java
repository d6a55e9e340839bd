package org.duban.task.unit;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** task-service's copy of a unit, kept from unit events (no synchronous call to unit-service). */
@Entity
@Table(name = "unit_replica")
public class UnitReplica extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String level;
}
