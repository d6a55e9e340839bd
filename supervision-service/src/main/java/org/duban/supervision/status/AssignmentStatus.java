package org.duban.supervision.status;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Where one assignment stands, as far as the supervision office can tell from events. */
@Entity
@Table(name = "assignment_status")
public class AssignmentStatus extends PanacheEntityBase {

    public enum Status {
        OPEN, ACCEPTED, REPORTED, OVERDUE, COMPLETED,
        /** The unit sent it back (退回); the supervision office reassigns it. */
        RETURNED,
        /** Withdrawn: 撤销交办 by the supervision office, or the unit was merged into one that already held the same task. */
        WITHDRAWN
    }

    @Id
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "task_title")
    public String taskTitle;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "percent_complete")
    public int percentComplete;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "section_id")
    public UUID sectionId;
    @Column(name = "task_number")
    public String taskNumber;
    public String role;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "last_reported_at")
    public Instant lastReportedAt;
    /** Missed due dates not yet followed by a DeadlineRecovered: red while above zero. */
    @Column(name = "missed_open")
    public int missedOpen;
    @Column(name = "overdue_since")
    public Instant overdueSince;
    /** Caught up after a miss: the light goes back to yellow, not green. */
    @Column(name = "recovered_at")
    public Instant recoveredAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    @Column(name = "on_time")
    public Boolean onTime;
}
