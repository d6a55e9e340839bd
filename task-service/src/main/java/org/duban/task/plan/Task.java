package org.duban.task.plan;

import java.time.Instant;
import java.time.Period;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One numbered item of a plan (任务), or a task created on its own ({@code planId} null). Its units are
 * {@link TaskUnit}s in the document's order, its dated targets {@link Milestone}s.
 */
@Entity
public class Task extends PanacheEntityBase {

    public enum DeadlineKind {
        /** One final date: 2021年底 → 2021-12-31 end of day, Asia/Shanghai. */
        DATE,
        /** 持续推进: no final date; progress is reported at the reporting cadence. */
        ONGOING,
        /** A compound deadline of several dated, quantified targets (2021年底实现130项…；2021年以后实现8项…). */
        MILESTONES
    }

    @Id
    public UUID id;
    /** The full task text as printed (without its number). */
    public String title;
    /** The final deadline; null for ongoing work. */
    @Column(name = "due_at")
    public Instant dueAt;
    /** Due dates before this instant (its plan's adoption) count against nobody; given to each assignment (V42). */
    @Column(name = "counts_from")
    public Instant countsFrom;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "section_id")
    public UUID sectionId;
    /** As printed, e.g. {@code (十一)}. */
    @Column(name = "number")
    public String number;
    /** The number as an ordinal, e.g. 11. */
    @Column(name = "ordinal")
    public Integer ordinal;
    @Enumerated(EnumType.STRING)
    @Column(name = "deadline_kind")
    public DeadlineKind deadlineKind = DeadlineKind.DATE;
    /** The 完成时限 cell as printed. */
    @Column(name = "deadline_phrase")
    public String deadlinePhrase;
    /** Overrides the plan's reporting cadence; null: the plan's. */
    @Column(name = "reporting_cadence")
    public Period reportingCadence;
    /** The provincial task this county task implements. */
    @Column(name = "upstream_task_id")
    public UUID upstreamTaskId;
    @Column(name = "upstream_score")
    public Float upstreamScore;
    /** False while the link is the importer's proposal; true once a supervisor confirmed or corrected it. */
    @Column(name = "upstream_confirmed")
    public boolean upstreamConfirmed;
}
