package org.duban.supervision.inspection;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 整改: ordered by a finding, reported by the unit, re-checked (复核) by the inspector: closed or reopened. */
@Entity
@Table(name = "rectification")
public class Rectification extends PanacheEntityBase {

    public static final String ORDERED = "ORDERED";
    public static final String REPORTED = "REPORTED";
    public static final String CLOSED = "CLOSED";

    @Id
    @Column(name = "rectification_id")
    public UUID rectificationId;
    @Column(name = "finding_id")
    public UUID findingId;
    @Column(name = "inspection_id")
    public UUID inspectionId;
    @Column(name = "unit_id")
    public UUID unitId;
    public String requirement;
    @Column(name = "due_at")
    public Instant dueAt;
    public String status;
    public String report;
    @Column(name = "reported_at")
    public Instant reportedAt;
    @Column(name = "reported_by")
    public String reportedBy;
    @Column(name = "closed_at")
    public Instant closedAt;
    /** When the watcher found the deadline passed unreported (a red card then). */
    @Column(name = "missed_at")
    public Instant missedAt;
    @Column(name = "ordered_at")
    public Instant orderedAt;
}
