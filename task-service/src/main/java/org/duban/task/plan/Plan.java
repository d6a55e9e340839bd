package org.duban.task.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A notice as issued (通知), e.g. 中县政务公开办发〔2021〕8号, or a provincial work-points document (工作要点). */
@Entity
public class Plan extends PanacheEntityBase {

    /** The plan's administrative level, read from its issuer and document number by the importer. */
    public enum Level {
        COUNTY, PROVINCE, CITY, TOWNSHIP;

        /** Whether a plan of this level stands above one of {@code other}: province, city, county, township. */
        public boolean isAbove(Level other) {
            return height() > other.height();
        }

        private int height() {
            return switch (this) {
                case PROVINCE -> 3;
                case CITY -> 2;
                case COUNTY -> 1;
                case TOWNSHIP -> 0;
            };
        }
    }

    /** The {@link #sourceDigest} prefix of a plan the provincial platform's TASK_ISSUE messages made (task-service province/). */
    public static final String FROM_MESSAGES = "province-message:";

    @Id
    public UUID id;
    public String title;
    @Column(name = "document_number")
    public String documentNumber;
    public String issuer;
    @Column(name = "issued_on")
    public LocalDate issuedOn;
    @Enumerated(EnumType.STRING)
    public Level level;
    /** The plan this one implements, when it implements one plan (a county notice's annexes each name their own). */
    @Column(name = "upstream_plan_id")
    public UUID upstreamPlanId;
    /** Default reporting cadence for ongoing work (持续推进); quarterly unless set. */
    @Column(name = "reporting_cadence")
    public Period reportingCadence = Period.ofMonths(3);
    /**
     * Digest of the imported document: importing the same document again finds this plan. A plan made from the
     * provincial platform's messages has no document yet: its key is {@link #FROM_MESSAGES} and the document's name.
     */
    @Column(name = "source_digest")
    public String sourceDigest;
    /** Digest of what the document says whatever its format (importer): the same notice as .docx and .xlsx finds this plan. */
    @Column(name = "content_digest")
    public String contentDigest;
    @Column(name = "imported_at")
    public Instant importedAt;
    /**
     * 生效日期: the day the county adopted the plan in Duban, given at import; due dates before its start count against
     * nobody (V42). Null: everything counts.
     */
    @Column(name = "adopted_on")
    public LocalDate adoptedOn;
}
