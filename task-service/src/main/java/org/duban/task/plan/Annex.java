package org.duban.task.plan;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 附件1, 附件2 of a notice; a provincial document is a plan with a single annex. */
@Entity
public class Annex extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "plan_id")
    public UUID planId;
    public int ordinal;
    /** 附件1 */
    public String label;
    public String title;
    /** The provincial plan this annex implements. */
    @Column(name = "upstream_plan_id")
    public UUID upstreamPlanId;
}
