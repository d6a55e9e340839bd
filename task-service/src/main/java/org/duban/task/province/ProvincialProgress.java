package org.duban.task.province;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A progress feedback compiled for the province (进度反馈), one per provincial task and period; the event as sent. */
@Entity
@Table(name = "provincial_progress")
public class ProvincialProgress extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    public String period;
    @Column(name = "percent_complete")
    public int percentComplete;
    /** The {@code ProvincialProgressCompiled} event as JSON. */
    public String payload;
    @Column(name = "compiled_by")
    public String compiledBy;
    @Column(name = "compiled_at")
    public Instant compiledAt;
}
