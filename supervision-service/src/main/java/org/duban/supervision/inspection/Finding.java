package org.duban.supervision.inspection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A finding of an inspection about one unit, with its evidence references and the unit's response. */
@Entity
@Table(name = "finding")
public class Finding extends PanacheEntityBase {
    @Id
    @Column(name = "finding_id")
    public UUID findingId;
    @Column(name = "inspection_id")
    public UUID inspectionId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "task_id")
    public UUID taskId;
    public String text;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> evidence = new ArrayList<>();
    @Column(name = "recorded_at")
    public Instant recordedAt;
    public String response;
    @Column(name = "responded_at")
    public Instant respondedAt;
    @Column(name = "responded_by")
    public String respondedBy;
}
