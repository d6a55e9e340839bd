package org.duban.notification.escalation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One missed due date of an assignment — (assignment, due kind, due date) — chased by the ladder from its
 * DeadlineMissed until the DeadlineRecovered of that same due date, or until the ladder stops for the whole assignment
 * (completion, 退回, withdrawal). A transfer hands it to the receiving unit: {@code unitId} and {@code missedAt} (the
 * start of the chase, day 0) change and the ladder starts again there.
 */
@Entity
@Table(name = "overdue_item")
public class OverdueItem extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "due_kind")
    public String dueKind;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "due_label")
    public String dueLabel;
    /** Day 0 of the chase: when the miss was detected, or when the work reached the unit now chased. */
    @Column(name = "missed_at")
    public Instant missedAt;
    @Column(name = "notified_day")
    public int notifiedDay;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "closed_how")
    public String closedHow;

    public boolean isOpen() {
        return closedAt == null;
    }
}
