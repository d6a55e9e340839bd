package org.duban.supervision.history;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One change to a card, finding, rectification or bulletin, with who made it; the table only grows (V6 trigger). */
@Entity
@Table(name = "supervision_history")
@Immutable // inserted once, never updated: Hibernate must not dirty-check the JSON maps into an UPDATE (the trigger refuses it)
public class HistoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "target_kind")
    public String targetKind;
    @Column(name = "target_id")
    public UUID targetId;
    public String action;
    public String actor;
    @Column(name = "actor_unit")
    public UUID actorUnit;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> before;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> after;
    public Instant at;
}
