package org.duban.task.plan;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;


/**
 * Work "to be designated" (待明确): a task names a group that has no members yet (各乡镇人民政府 before any
 * township is registered). It stays visible until the supervision office or the lead unit names the units.
 */
@Entity
public class Designation extends PanacheEntityBase {

    public enum Status {
        PENDING, DESIGNATED
    }

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "group_id")
    public UUID groupId;
    @Column(name = "group_name")
    public String groupName;
    @Enumerated(EnumType.STRING)
    public Role role;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "designated_at")
    public Instant designatedAt;
}
