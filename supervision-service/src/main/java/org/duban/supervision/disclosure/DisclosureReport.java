package org.duban.supervision.disclosure;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A progress report's text as ProgressReported told it; public only once the office marks it ({@code publicAt}). */
@Entity
@Table(name = "disclosure_report")
public class DisclosureReport extends PanacheEntityBase {

    @Id
    @Column(name = "report_id")
    public UUID reportId;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "percent_complete")
    public int percentComplete;
    public String narrative;
    @Column(name = "reported_at")
    public Instant reportedAt;
    @Column(name = "public_at")
    public Instant publicAt;
    @Column(name = "public_by")
    public String publicBy;
}
