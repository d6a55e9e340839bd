package org.duban.province.outbound;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One try to deliver an outbound message: HTTP status, answer code and message, or the network error. */
@Entity
@Table(name = "outbound_attempt")
public class OutboundAttempt extends PanacheEntityBase {
    @Id
    public long id;
    @Column(name = "message_id")
    public UUID messageId;
    public int attempt;
    @Column(name = "attempted_at")
    public Instant attemptedAt;
    @Column(name = "http_status")
    public Integer httpStatus;
    @Column(name = "answer_code")
    public Integer answerCode;
    @Column(name = "answer_msg")
    public String answerMsg;
    public String error;
    public String outcome;
    @Column(name = "duration_ms")
    public int durationMs;
}
