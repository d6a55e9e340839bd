package org.duban.supervision.warning;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A yellow or red card (黄牌/红牌) in a unit's ledger. */
@Entity
@Table(name = "warning")
public class Warning extends PanacheEntityBase {

    public static final String YELLOW = "YELLOW";
    public static final String RED = "RED";
    /** Issued in the county: by its rules or by a supervisor. */
    public static final String COUNTY = "COUNTY";
    /** A provincial 督办 (SUPERVISE) recorded on a lead unit: listed apart, scored with its own weights. */
    public static final String PROVINCE = "PROVINCE";

    @Id
    @Column(name = "warning_id")
    public UUID warningId;
    @Column(name = "unit_id")
    public UUID unitId;
    public String color;
    public String reason;
    /** The rule that issued it; null for a card by hand. */
    public String rule;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "rectification_id")
    public UUID rectificationId;
    @Column(name = "issued_by")
    public String issuedBy;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "lifted_at")
    public Instant liftedAt;
    @Column(name = "lift_reason")
    public String liftReason;
    /** Who lifted it: a supervisor's name, or system (a rule: the cause was cured, or the unit no longer holds the work). */
    @Column(name = "lifted_by")
    public String liftedBy;
    /** {@link #COUNTY} or {@link #PROVINCE}. */
    public String origin = COUNTY;
    /** For a provincial card: the province's task number and the province's message (msgId) that supervised it. */
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Column(name = "province_msg_id")
    public String provinceMessageId;
    /**
     * Lifted because the unit no longer holds the work (退回, or withdrawn in a merge): it stays in the ledger with its
     * reason and counts nowhere (scores, bulletins, the red-card referral rule).
     */
    public boolean annulled;
    /** The unit first carded, when the card moved with its assignment to the unit that holds the work now. */
    @Column(name = "carded_unit_id")
    public UUID cardedUnitId;
}
