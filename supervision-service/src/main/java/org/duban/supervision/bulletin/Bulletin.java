package org.duban.supervision.bulletin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** 通报: a draft the supervisor edits, then publishes; a published bulletin never changes. */
@Entity
@Table(name = "bulletin")
public class Bulletin extends PanacheEntityBase {

    public static final String DRAFT = "DRAFT";
    public static final String PUBLISHED = "PUBLISHED";

    @Id
    @Column(name = "bulletin_id")
    public UUID bulletinId;
    /** 文号, e.g. 中督通〔2021〕5号: given by the office when drafting or editing; printed above the title. */
    @Column(name = "document_number")
    public String documentNumber;
    public String title;
    @Column(name = "period_start")
    public LocalDate periodStart;
    @Column(name = "period_end")
    public LocalDate periodEnd;
    @Column(name = "plan_id")
    public UUID planId;
    /** {@link BulletinFigures} as JSON, fixed when the draft was generated. */
    @Column(name = "figures")
    @ColumnTransformer(write = "?::jsonb")
    public String figures;
    public String text;
    public String status;
    @Column(name = "drafted_at")
    public Instant draftedAt;
    @Column(name = "published_at")
    public Instant publishedAt;
    @Column(name = "published_by")
    public String publishedBy;
}
