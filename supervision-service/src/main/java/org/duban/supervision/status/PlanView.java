package org.duban.supervision.status;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A published plan (from PlanPublished): the top level of the status board. */
@Entity
@Table(name = "plan_view")
public class PlanView extends PanacheEntityBase {
    @Id
    @Column(name = "plan_id")
    public UUID planId;
    public String title;
    @Column(name = "document_number")
    public String documentNumber;
    @Column(name = "published_at")
    public Instant publishedAt;
}
