package org.duban.province.outbound;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A county → province message (V1__province.sql); written by {@link OutboundWriter}, sent by {@link Dispatcher}. */
@Entity
@Table(name = "outbound_message")
public class OutboundMessage extends PanacheEntityBase {
    @Id
    public UUID id;
    public long seq;
    @Column(name = "msg_id")
    public String msgId;
    @Column(name = "msg_type")
    public String msgType;
    @Column(name = "prov_task_id")
    public String provTaskId;
    @Column(name = "duban_task_id")
    public UUID dubanTaskId;
    @Column(name = "event_id")
    public UUID eventId;
    public String envelope;
    public String status;
    public int attempts;
    @Column(name = "due_since")
    public Instant dueSince;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "claim_token")
    public UUID claimToken;
    @Column(name = "claimed_until")
    public Instant claimedUntil;
    @Column(name = "last_http_status")
    public Integer lastHttpStatus;
    @Column(name = "last_code")
    public Integer lastCode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "resent_by")
    public String resentBy;
    @Column(name = "resent_at")
    public Instant resentAt;
}
