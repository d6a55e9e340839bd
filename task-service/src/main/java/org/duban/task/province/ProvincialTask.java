package org.duban.task.province;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A task the provincial platform issued to the county (下发任务): the {@code task} row of a PROVINCE-level plan
 * ({@link #taskId}) with the province's serial number and the county's handling of it. The county tasks that implement
 * it point at it with {@code task.upstream_task_id}.
 */
@Entity
@Table(name = "provincial_task")
public class ProvincialTask extends PanacheEntityBase {

    /** See task-service/README.md, "Provincial tasks", for the transitions. */
    public enum State {
        /** 下发: issued by the province, not yet signed for. */
        ISSUED,
        /** 签收: the supervision office signed for it. */
        ACCEPTED,
        /** 退回: sent back to the province with a reason. */
        RETURNED,
        /** 办结: completion sent to the province, awaiting its review. */
        COMPLETED,
        /** 销号: the province's review passed. */
        CLOSED,
        /** The province's review rejected the completion: being worked on again. */
        REOPENED,
        /** 撤销: withdrawn by the province. */
        REVOKED;

        /** Signed for and not done: the county works and reports on it. */
        public static final List<State> IN_HAND = List.of(ACCEPTED, REOPENED);
    }

    @Id
    @Column(name = "task_id")
    public UUID taskId;
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "deadline_text")
    public String deadlineText;
    /** MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY or NONE; null: {@code duban.province.progress.default-cadence}. */
    @Column(name = "report_cadence")
    public String reportCadence;
    @Column(name = "lead_department")
    public String leadDepartment;
    @Column(name = "sender_org")
    public String senderOrg;
    @Column(name = "issue_message_id")
    public String issueMessageId;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "on_demand_count")
    public int onDemandCount;
    @Version
    public long version;

    public static ProvincialTask byProvTaskId(String provTaskId) {
        return find("provTaskId", provTaskId).firstResult();
    }
}
