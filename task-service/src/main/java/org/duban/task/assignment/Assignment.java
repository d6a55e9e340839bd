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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A task handed to one unit in one role (交办). */
@Entity
public class Assignment extends PanacheEntityBase {

    /** See task-service/README.md, "Assignment lifecycle", for the transitions. */
    @Schema(name = "AssignmentStatus")
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

    /**
     * The transition table: each step of the lifecycle, the states it may be taken from (in the order a refusal names
     * them) and the state it leads to ({@code null}: the state stays, e.g. 复核 approving a report). The commands
     * ({@code Acceptance}, {@code Reporting}, {@code Extensions}, {@code Closing}, {@code Withdrawal}, with {@code Changes})
     * orchestrate (who may, history, events); the rules are here, tested alone by {@code AssignmentStepsTest}.
     */
    public enum Step {
        /** 签收, by the unit. */
        ACCEPT("accept", Status.ACCEPTED, Status.ASSIGNED),
        /** 退回, by the unit, with a reason. */
        RETURN("return", Status.RETURNED, Status.ASSIGNED, Status.ACCEPTED),
        /** 改派 of returned work: a new assignment replaces it; this one stays RETURNED. */
        REASSIGN("reassign", null, Status.RETURNED),
        /** 反馈 (on ASSIGNED work it signs for it first: {@link #ACCEPT}, then this). */
        REPORT("report on", Status.REPORTED, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REPORTED),
        /** 复核 of the latest report, approving it: the state stays. */
        REVIEW("review", null, Status.REPORTED),
        /** 复核 sending the latest report back. */
        SEND_BACK("review", Status.IN_PROGRESS, Status.REPORTED),
        /** 延期申请: the state stays until the office decides. */
        REQUEST_EXTENSION("request an extension for", null, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS,
                Status.REPORTED),
        /** 办结销号, by the office, once a report is in. */
        COMPLETE("complete", Status.COMPLETED, Status.REPORTED),
        /** Work already done when the office adopted its plan (办结 at import, issue 22): completed as it is made. */
        COMPLETE_AT_IMPORT("complete at import", Status.COMPLETED, Status.ASSIGNED),
        /** 撤销交办, by the office: open work, or returned work not yet reassigned. */
        WITHDRAW("withdraw", Status.WITHDRAWN, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REPORTED,
                Status.RETURNED),
        /** 机构合并: open work moved to a unit that already holds the task is withdrawn. */
        MERGE_INTO_HELD("merge", Status.WITHDRAWN, Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REPORTED);

        /** As a refusal names it: "cannot {verb} assignment …". */
        public final String verb;
        /** The state the step leads to; null when it stays. */
        public final Status to;
        /** The states it may be taken from. */
        public final List<Status> from;

        Step(String verb, Status to, Status... from) {
            this.verb = verb;
            this.to = to;
            this.from = List.of(from);
        }
    }

    /** A step not allowed from the assignment's state (the commands answer 409 naming the state: Changes.require). */
    public static final class NotAllowed extends RuntimeException {

        public final Step step;
        public final Status status;

        NotAllowed(Step step, Status status) {
            super("cannot " + step.verb + " an assignment that is " + status + "; allowed from " + step.from);
            this.step = step;
            this.status = status;
        }
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
     * reading fails instead of overwriting, and a transition's events take their ids from it (Changes.Change#eventId).
     */
    @Version
    public long version;

    public boolean isOpen() {
        return Status.OPEN.contains(status);
    }

    /** Whether {@code step} may be taken now. */
    public boolean may(Step step) {
        return step.from.contains(status);
    }

    /** {@link NotAllowed} unless {@code step} may be taken now. */
    public void require(Step step) {
        if (!may(step)) {
            throw new NotAllowed(step, status);
        }
    }

    /**
     * Takes {@code step} at {@code now}: checked against the table, the assignment moves to the step's state (a completion
     * also records when); returns the state it left, for the history.
     */
    public Status take(Step step, Instant now) {
        require(step);
        Status from = status;
        if (step.to != null) {
            status = step.to;
        }
        if (step.to == Status.COMPLETED) {
            completedAt = now;
        }
        return from;
    }

    /** 签收. */
    public Status accept(Instant now) {
        return take(Step.ACCEPT, now);
    }

    /** 退回. */
    public Status giveBack(Instant now) {
        return take(Step.RETURN, now);
    }

    /** 反馈 on work already signed for. */
    public Status report(Instant now) {
        return take(Step.REPORT, now);
    }

    /** 复核退回. */
    public Status sendBack(Instant now) {
        return take(Step.SEND_BACK, now);
    }

    /** 办结销号. */
    public Status complete(Instant now) {
        return take(Step.COMPLETE, now);
    }

    /** 撤销交办. */
    public Status withdraw(Instant now) {
        return take(Step.WITHDRAW, now);
    }

    /** This assignment as the deadline watcher reads it (its ids, role, due date and adoption bound), as it is now. */
    public Watched watched() {
        return new Watched(id, taskId, unitId, role == Role.LEAD, dueAt, countsFrom);
    }
}
