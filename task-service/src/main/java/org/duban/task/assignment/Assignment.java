package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.duban.task.deadline.Watched;
import org.duban.task.plan.Role;

/** A task handed to one unit in one role (交办). */
@Entity
public class Assignment extends PanacheEntityBase {

    /** See task-service/README.md, "Assignment lifecycle", for the transitions. */
    public enum Status {
        /** 交办: handed to the unit, not yet signed for. */
        ASSIGNED,
        /** 签收: the unit signed for it. */
        ACCEPTED,
        /** 退回: the unit sent it back with a reason; the supervision office reassigns it (replacedBy). */
        RETURNED,
        /** 办理中: being worked on again after the lead unit (复核) or the office sent a report back. */
        IN_PROGRESS,
        /** 反馈: a progress report is in. */
        REPORTED,
        /** 办结销号 */
        COMPLETED,
        /** No longer this unit's work: it moved to a unit that already held the same task (机构合并). */
        WITHDRAWN;

        /** Work a unit still has to do. */
        public static final List<Status> OPEN = List.of(ASSIGNED, ACCEPTED, IN_PROGRESS, REPORTED);
    }

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Enumerated(EnumType.STRING)
    public Role role;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    /** For a RETURNED assignment: the assignment the supervision office reassigned the work as. */
    @Column(name = "replaced_by")
    public UUID replacedBy;
    @Column(name = "completed_at")
    public Instant completedAt;
    /**
     * Its due date was counted in working days reaching this year, which the calendar did not know (weekends only): "2027
     * calendar not yet known" until the year is entered (V33, deadline/UnknownCalendarYear). Null: not flagged.
     */
    @Column(name = "calendar_unknown_year")
    public Integer calendarUnknownYear;
    /**
     * Due dates before this instant count against nobody: no miss, no reminder (the plan's adoption date, V42; the
     * deadline watcher reads it). Null: every due date counts.
     */
    @Column(name = "counts_from")
    public Instant countsFrom;
    /**
     * Raised by every write of the row, and at least once by every lifecycle command (V30): a write from an older
     * reading fails instead of overwriting, and a transition's events take their ids from it (Lifecycle).
     */
    @Version
    public long version;

    public boolean isOpen() {
        return Status.OPEN.contains(status);
    }

    /** This assignment as the deadline watcher reads it (its ids, role, due date and adoption bound), as it is now. */
    public Watched watched() {
        return new Watched(id, taskId, unitId, role == Role.LEAD, dueAt, countsFrom);
    }
}
