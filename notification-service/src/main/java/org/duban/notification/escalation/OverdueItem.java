package org.duban.notification.escalation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An assignment past its deadline, open from DeadlineMissed until DeadlineRecovered or TaskCompleted. */
@Entity
@Table(name = "overdue_item")
public class OverdueItem extends PanacheEntityBase {
    @Id
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "due_label")
    public String dueLabel;
    @Column(name = "missed_at")
    public Instant missedAt;
    @Column(name = "notified_day")
    public int notifiedDay;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "closed_how")
    public String closedHow;
}
