package org.duban.supervision.status;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One missed due date of an assignment, (assignment, due kind, due date): open from its DeadlineMissed until the
 * DeadlineRecovered of that same due date, or until the work is completed. The assignment is red while any is open.
 */
@Entity
@Table(name = "missed_due")
@IdClass(MissedDue.Key.class)
public class MissedDue extends PanacheEntityBase {

    /** The composite key, as JPA's {@code @IdClass} wants it: the id fields by name, equals and hashCode. */
    public static class Key implements Serializable {
        public UUID assignmentId;
        public String dueKind;
        public Instant dueAt;

        public Key() {
        }

        public Key(UUID assignmentId, String dueKind, Instant dueAt) {
            this.assignmentId = assignmentId;
            this.dueKind = dueKind;
            this.dueAt = dueAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(assignmentId, k.assignmentId) && java.util.Objects.equals(dueKind, k.dueKind)
                    && java.util.Objects.equals(dueAt, k.dueAt);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(assignmentId, dueKind, dueAt);
        }
    }

    @Id
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Id
    @Column(name = "due_kind")
    public String dueKind;
    @Id
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "due_label")
    public String dueLabel;
    @Column(name = "missed_at")
    public Instant missedAt;
    @Column(name = "recovered_at")
    public Instant recoveredAt;
    @Column(name = "recovered_how")
    public String recoveredHow;
    /** Missed inside the unit's grace period: its red card waits until then (null: carded, or no card due). */
    @Column(name = "card_due_at")
    public Instant cardDueAt;

    public boolean isOpen() {
        return recoveredAt == null;
    }
}
