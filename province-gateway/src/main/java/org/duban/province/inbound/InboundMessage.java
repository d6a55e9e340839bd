package org.duban.province.inbound;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An accepted province → county message and its answer (V1__province.sql); written by {@link InboundMessages}. */
@Entity
@Table(name = "inbound_message")
public class InboundMessage extends PanacheEntityBase {
    @Id
    public long id;
    @Column(name = "app_key")
    public String appKey;
    @Column(name = "msg_id")
    public String msgId;
    @Column(name = "msg_type")
    public String msgType;
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Column(name = "send_time")
    public String sendTime;
    @Column(name = "sender_org")
    public String senderOrg;
    @Column(name = "receiver_org")
    public String receiverOrg;
    public String envelope;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "answer_code")
    public int answerCode;
    @Column(name = "answer_msg")
    public String answerMsg;
    public String via;
    @Column(name = "received_at")
    public Instant receivedAt;
}
