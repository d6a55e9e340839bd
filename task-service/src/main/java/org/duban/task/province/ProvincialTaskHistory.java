package org.duban.task.province;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One thing that happened to a provincial task: a state change, a link correction, an urge, a report, with who and when. */
@Entity
@Table(name = "provincial_task_history")
public class ProvincialTaskHistory extends PanacheEntityBase {

    /** The actor of what the province sent (through province-gateway). */
    public static final String PROVINCE = "province";

    @Id
    public UUID id;
    @Column(name = "task_id")
    public UUID taskId;
    public String what;
    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public ProvincialTask.State fromState;
    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public ProvincialTask.State toState;
    public String actor;
    public String detail;
    @Column(name = "message_id")
    public String messageId;
    public Instant at;
    /** The order rows were written in (V21), for rows of the same time. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    /** Records what happened in the current transaction; {@code from} is the state before, the task's state the one after. */
    static void record(ProvincialTask task, String what, ProvincialTask.State from, String actor, String detail, String messageId,
            Instant at) {
        ProvincialTaskHistory h = new ProvincialTaskHistory();
        h.id = UUID.randomUUID();
        h.taskId = task.taskId;
        h.what = what;
        h.fromState = from;
        h.toState = task.state;
        h.actor = actor;
        h.detail = detail;
        h.messageId = messageId;
        h.at = at;
        h.persist();
        ProvincialTaskAudit.record(h, task); // the audit trail (issue 20), same transaction
    }
}
