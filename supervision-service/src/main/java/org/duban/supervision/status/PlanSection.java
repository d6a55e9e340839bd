package org.duban.supervision.status;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A section of a plan (一、打造“一件事一次办”工作名片), from PlanPublished. */
@Entity
@Table(name = "plan_section")
public class PlanSection extends PanacheEntityBase {
    @Id
    @Column(name = "section_id")
    public UUID sectionId;
    @Column(name = "plan_id")
    public UUID planId;
    public String annex;
    public String label;
    public String title;
    public int position;
}
