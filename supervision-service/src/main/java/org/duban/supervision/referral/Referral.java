package org.duban.supervision.referral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 追责问责: a referral file for a unit, with its evidence. States DRAFTED → REFERRED → DECIDED (a rule's file may be WITHDRAWN while DRAFTED). */
@Entity
@Table(name = "referral")
public class Referral extends PanacheEntityBase {

    public enum State {
        DRAFTED, REFERRED, DECIDED,
        /** A rule's file whose red cards were annulled below the rule's count before it was referred. */
        WITHDRAWN
    }

    @Id
    @Column(name = "referral_id")
    public UUID referralId;
    @Column(name = "unit_id")
    public UUID unitId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;
    public String basis;
    /** The rule that drafted it; null when drafted by hand. */
    public String rule;
    /** e.g. 2021-Q4 for the rule's quarter. */
    public String quarter;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "warning_ids")
    public List<UUID> warningIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "finding_ids")
    public List<UUID> findingIds = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "assignment_ids")
    public List<UUID> assignmentIds = new ArrayList<>();
    public String decision;
    @Column(name = "created_at")
    public Instant createdAt;
}
