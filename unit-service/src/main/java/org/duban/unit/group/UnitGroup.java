package org.duban.unit.group;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.duban.platform.problem.Problem;
import org.duban.unit.registry.UnitLevel;

/**
 * A named set of units the documents assign work to as a whole (县直相关单位, 各乡镇人民政府, 省直相关单位, …):
 * explicit members (unit_group_member) and/or a {@link GroupRule}. Its names live in {@link UnitGroupName}.
 */
@Entity
@Table(name = "unit_group")
public class UnitGroup extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    /** The level of the documents that use the group (县直相关单位: county); null when it spans levels. */
    @Enumerated(EnumType.STRING)
    public UnitLevel level;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    public GroupRule rule;

    @Column(name = "created_at")
    public Instant createdAt;

    public static UnitGroup require(UUID id) {
        UnitGroup group = findById(id);
        if (group == null) {
            throw Problem.notFound("no unit group " + id);
        }
        return group;
    }
}
