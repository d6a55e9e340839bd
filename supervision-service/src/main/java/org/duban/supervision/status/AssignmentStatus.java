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
        OPEN, REPORTED, OVERDUE,
        /** The unit was merged into one that already held the same task; that unit's assignment carries on. */
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
}
