package org.duban.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One try to send a delivery: the delivery log. Status SENT, FAILED or {@link #IN_DOUBT}. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt extends PanacheEntityBase {
    /**
     * The whole message went out but no answer came in time (a timeout after the end of the SMTP DATA or of the webhook
     * request): the receiver may have it. Retried like a failure, under the same delivery id.
     */
    public static final String IN_DOUBT = "IN_DOUBT";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "delivery_id")
    public UUID deliveryId;
    @Column(name = "event_id")
    public UUID eventId;
    public String channel;
    public String recipient;
    public String status;
    public String error;
    @Column(name = "attempted_at")
    public Instant attemptedAt;
}
