package org.duban.province.admin;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A provincial task the gateway knows (written by the inbound and outbound sides; read here). */
@Entity
@Table(name = "provincial_task")
public class ProvincialTask extends PanacheEntityBase {
    @Id
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Column(name = "app_key")
    public String appKey;
    @Column(name = "sender_org")
    public String senderOrg;
    @Column(name = "task_number")
    public String taskNumber;
    public String title;
    @Column(name = "document_number")
    public String documentNumber;
    public String state;
    @Column(name = "issued_msg_id")
    public String issuedMsgId;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "duban_task_id")
    public UUID dubanTaskId;
    @Column(name = "last_in_type")
    public String lastInType;
    @Column(name = "last_in_at")
    public Instant lastInAt;
    @Column(name = "last_out_type")
    public String lastOutType;
    @Column(name = "last_out_at")
    public Instant lastOutAt;
}
