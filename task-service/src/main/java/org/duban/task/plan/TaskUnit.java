package org.duban.task.plan;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;


/** A unit or group a task names, in the document's order, with how the printed name was resolved. */
@Entity
@Table(name = "task_unit")
@IdClass(TaskUnit.Key.class)
public class TaskUnit extends PanacheEntityBase {

    public enum Resolution {
        EXACT, ALIAS, FUZZY, UNRESOLVED
    }

    public record Key(UUID taskId, Role role, int position) implements Serializable {
        public Key() {
            this(null, null, 0);
        }
    }

    @Id
    @Column(name = "task_id")
    public UUID taskId;
    @Id
    @Enumerated(EnumType.STRING)
    public Role role;
    @Id
    public int position;
    /** As printed. */
    public String name;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "group_id")
    public UUID groupId;
    @Enumerated(EnumType.STRING)
    public Resolution resolution;
    /** The registered name of the unit or group the printed name resolved to (县卫生健康局 for 县卫健局). */
    @Column(name = "resolved_name")
    public String resolvedName;
    /** 1.0 for exact and alias matches, the similarity of a fuzzy one; null when unresolved. */
    public Float score;
}
