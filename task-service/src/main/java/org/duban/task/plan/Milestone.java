package org.duban.task.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A dated, possibly quantified target of a task: from a compound deadline ({@code 2021年底实现130项…}, confirmed
 * as imported) or proposed from the task's text ({@code 2021年10月底前完成…}) until a supervisor confirms it.
 */
@Entity
public class Milestone extends PanacheEntityBase {

    @Schema(name = "MilestoneStatus")
    public enum Status {
        CONFIRMED, PROPOSED
    }

    @Schema(name = "MilestoneSource")
    public enum Source {
        DEADLINE, TASK_TEXT
    }

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    public int ordinal;
    /** The phrase as printed. */
    public String label;
    /** Null when the phrase gives no date (2021年以后…). */
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "target_quantity")
    public BigDecimal targetQuantity;
    @Column(name = "target_unit")
    public String targetUnit;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Enumerated(EnumType.STRING)
    public Source source;
    /** Optimistic lock (V30): a correction from an older reading of the milestone fails instead of overwriting another. */
    @Version
    public long version;
}
