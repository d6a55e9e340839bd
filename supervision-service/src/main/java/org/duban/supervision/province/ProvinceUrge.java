package org.duban.supervision.province;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One provincial 催办 (URGE) or 督办 (SUPERVISE) as recorded against one lead unit. */
@Entity
@Table(name = "province_urge")
@IdClass(ProvinceUrge.Key.class)
public class ProvinceUrge extends PanacheEntityBase {

    public record Key(String messageId, UUID unitId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "message_id")
    public String messageId;
    @Id
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Column(name = "task_number")
    public String taskNumber;
    public String title;
    public String kind;
    public String level;
    public String reason;
    @Column(name = "reply_by")
    public Instant replyBy;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "county_task_ids")
    public List<UUID> countyTaskIds = new ArrayList<>();
    @Column(name = "warning_id")
    public UUID warningId;
    @Column(name = "urged_at")
    public Instant urgedAt;

    /** What the province said about one assignment: how many urges and supervisions, and the latest (null: none). */
    public record OnAssignment(int count, Instant lastAt, String lastKind, String lastLevel) {
        public static final OnAssignment NONE = new OnAssignment(0, null, null, null);
    }

    /**
     * For status views: the provincial urges on a unit's assignment of a task (the provincial task itself or a county
     * task implementing it), from the urges recorded against these units, read once.
     */
    public static BiFunction<UUID, UUID, OnAssignment> onAssignments(Collection<UUID> unitIds) {
        List<ProvinceUrge> urges = unitIds.isEmpty() ? List.of()
                : ProvinceUrge.list("unitId in ?1 order by urgedAt, messageId", Set.copyOf(unitIds));
        if (urges.isEmpty()) {
            return (unit, task) -> OnAssignment.NONE;
        }
        Map<UUID, List<ProvinceUrge>> byUnit = urges.stream().collect(Collectors.groupingBy(u -> u.unitId));
        return (unit, task) -> {
            List<ProvinceUrge> mine = byUnit.getOrDefault(unit, List.of()).stream().filter(u -> u.concerns(task)).toList();
            if (mine.isEmpty()) {
                return OnAssignment.NONE;
            }
            ProvinceUrge last = mine.get(mine.size() - 1);
            return new OnAssignment(mine.size(), last.urgedAt, last.kind, last.level);
        };
    }

    /** Whether this urge concerns the given task: the provincial task itself or one of the county tasks implementing it. */
    public boolean concerns(UUID task) {
        return task != null && (task.equals(taskId) || countyTaskIds.contains(task));
    }
}
