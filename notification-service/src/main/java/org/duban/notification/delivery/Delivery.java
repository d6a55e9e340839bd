package org.duban.notification.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One notice to one recipient on one channel: the row dispatchers send from (see V2__deliveries.sql). */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String WAITING_DIGEST = "WAITING_DIGEST";
    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String DIGESTED = "DIGESTED";
    public static final String CANCELLED = "CANCELLED";

    @Id
    public UUID id;
    @Column(name = "event_id")
    public UUID eventId;
    public String recipient;
    public String channel;
    @Column(name = "unit_id")
    public UUID unitId;
    @Column(name = "notice_type")
    public String noticeType;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> params = new HashMap<>();
    public boolean urgent;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "claimed_until")
    public Instant claimedUntil;
    /** The dispatcher pass that holds the claim (SENDING); results are recorded only under it. */
    @Column(name = "claim_token")
    public UUID claimToken;
    /** The overdue item whose ladder reminder this is, or null (see V4). */
    @Column(name = "overdue_item_id")
    public UUID overdueItemId;
    @Column(name = "digest_id")
    public UUID digestId;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;
}
