package org.duban.task.assignment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a unit reported on its assignment (反馈): percent complete, narrative, the reporting period, evidence
 * references and actual quantities against the task's milestones; the lead unit's consolidated report for the
 * whole task; and the lead unit's review (复核) of a co-unit's report.
 */
@Entity
@Table(name = "progress_report")
public class ProgressReport extends PanacheEntityBase {

    @Schema(name = "ReviewStatus")
    public enum Review {
        APPROVED, SENT_BACK
    }

    /** e.g. 95 of the milestone's 130 items. */
    @Embeddable
    public static class MilestoneActual {
        @Column(name = "milestone_id")
        public UUID milestoneId;
        @Column(name = "actual_quantity")
        public BigDecimal actualQuantity;

        public MilestoneActual() {
        }

        public MilestoneActual(UUID milestoneId, BigDecimal actualQuantity) {
            this.milestoneId = milestoneId;
            this.actualQuantity = actualQuantity;
        }
    }

    @Id
    public UUID id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "percent_complete")
    public int percentComplete;
    public String narrative;
    @Column(name = "reported_at")
    public Instant reportedAt;
    /** The reporting period it covers, as the unit names it (e.g. 2021-Q3); may be null. */
    public String period;
    /** The lead unit's report for the whole task. */
    public boolean consolidated;
    @Column(name = "reported_by")
    public String reportedBy;

    @ElementCollection
    @CollectionTable(name = "report_evidence", joinColumns = @JoinColumn(name = "report_id"))
    @OrderColumn(name = "position")
    @Column(name = "reference")
    public List<String> evidence = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "milestone_actual", joinColumns = @JoinColumn(name = "report_id"))
    @OrderColumn(name = "position")
    public List<MilestoneActual> milestoneActuals = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    @Column(name = "review_status")
    public Review reviewStatus;
    @Column(name = "review_note")
    public String reviewNote;
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_at")
    public Instant reviewedAt;
}
