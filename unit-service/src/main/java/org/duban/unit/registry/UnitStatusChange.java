package org.duban.unit.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One entry of a unit's status history. */
@Entity
@Table(name = "unit_status_change")
public class UnitStatusChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "unit_id")
    public UUID unitId;

    @Enumerated(EnumType.STRING)
    public UnitStatus status;

    @Column(name = "merged_into_id")
    public UUID mergedIntoId;

    public String reason;

    @Column(name = "changed_at")
    public Instant changedAt;

    static UnitStatusChange record(Unit unit, String reason, Instant at) {
        UnitStatusChange change = new UnitStatusChange();
        change.unitId = unit.id;
        change.status = unit.status;
        change.mergedIntoId = unit.mergedIntoId;
        change.reason = reason;
        change.changedAt = at;
        change.persist();
        return change;
    }

    public static List<UnitStatusChange> historyOf(UUID unitId) {
        return list("unitId = ?1 order by id", unitId);
    }
}
