package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** What a unit reported on its assignment (反馈). */
@Entity
@Table(name = "progress_report")
public class ProgressReport extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "percent_complete")
    public int percentComplete;
    public String narrative;
    @Column(name = "reported_at")
    public Instant reportedAt;
}
