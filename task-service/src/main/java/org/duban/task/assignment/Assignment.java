package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A task handed to one unit in one role (交办). */
@Entity
public class Assignment extends PanacheEntityBase {

    public enum Role {
        /** 牵头单位 */
        LEAD,
        /** 责任单位 */
        CO_RESPONSIBLE
    }

    public enum Status {
        ASSIGNED, REPORTED, COMPLETED,
        /** No longer this unit's work: it moved to a unit that already held the same task (机构合并). */
        WITHDRAWN;

        /** Work a unit still has to do. */
        public static final List<Status> OPEN = List.of(ASSIGNED, REPORTED);
    }

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "unit_id")
    public UUID unitId;
    @Enumerated(EnumType.STRING)
    public Role role;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "assigned_at")
    public Instant assignedAt;
}
