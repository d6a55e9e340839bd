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

/**
 * 督查: scheduled (REGULAR, announced) or UNANNOUNCED (not told to the units before it starts). SCHEDULED until the
 * supervision office cancels it (CANCELLED, with the reason; V10), which only an inspection without findings can be.
 */
@Entity
@Table(name = "inspection")
public class Inspection extends PanacheEntityBase {

    public static final String REGULAR = "REGULAR";
    public static final String UNANNOUNCED = "UNANNOUNCED";
    public static final String SCHEDULED = "SCHEDULED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    @Column(name = "inspection_id")
    public UUID inspectionId;
    public String title;
    public String kind;
    public boolean announced;
    @Column(name = "starts_at")
    public Instant startsAt;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "unit_ids")
    public List<UUID> unitIds = new ArrayList<>();
    /** The tasks in scope, with those of the sections in scope. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "task_ids")
    public List<UUID> taskIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "section_ids")
    public List<UUID> sectionIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> checklist = new ArrayList<>();
    @Column(name = "scheduled_by")
    public String scheduledBy;
    @Column(name = "scheduled_at")
    public Instant scheduledAt;
    public String status = SCHEDULED;
    @Column(name = "cancel_reason")
    public String cancelReason;
    @Column(name = "cancelled_by")
    public String cancelledBy;
    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
