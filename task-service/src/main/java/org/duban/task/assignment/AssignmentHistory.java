package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One step in an assignment's life: every transition, with who did it, why, and when. */
@Entity
@Table(name = "assignment_history")
public class AssignmentHistory extends PanacheEntityBase {

    public static final String SYSTEM = "system";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public Assignment.Status fromStatus;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public Assignment.Status toStatus;
    public String actor;
    public String reason;
    @Column(name = "happened_at")
    public Instant happenedAt;

    /** Records the step; call where the status changes, in the same transaction. */
    public static void record(Assignment assignment, Assignment.Status from, String actor, String reason, Instant at) {
        AssignmentHistory step = new AssignmentHistory();
        step.assignmentId = assignment.id;
        step.fromStatus = from;
        step.toStatus = assignment.status;
        step.actor = actor;
        step.reason = reason;
        step.happenedAt = at;
        step.persist();
        AssignmentAudit.step(step, assignment); // the audit trail (issue 20), same transaction
    }
}
