package org.duban.task.plan;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 一、打造“一件事一次办”工作名片: label 一, title 打造“一件事一次办”工作名片. */
@Entity
public class Section extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "plan_id")
    public UUID planId;
    @Column(name = "annex_id")
    public UUID annexId;
    public int ordinal;
    public String label;
    public String title;
}
