package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One numbered item of a plan (任务). Plans, annexes and sections arrive with the importer. */
@Entity
public class Task extends PanacheEntityBase {
    @Id
    public UUID id;
    public String title;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "created_at")
    public Instant createdAt;
}
