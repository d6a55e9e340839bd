package org.duban.notification.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A unit's stored webhook signing secret (V6); see {@link WebhookSecrets}. Never serialised to a client. {@link #secret}
 * and {@link #previousSecret} hold the secrets sealed by {@link SecretCipher} with the key {@link #keyId} (V13); a row
 * without a key id (from before V13) holds them in plain text until the service seals it at start.
 */
@Entity
@Table(name = "webhook_secret")
public class WebhookSecret extends PanacheEntityBase {

    @Id
    @Column(name = "unit_id")
    public UUID unitId;
    public String secret;
    @Column(name = "handed_over")
    public boolean handedOver;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_valid_until")
    public Instant previousValidUntil;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "rotated_at")
    public Instant rotatedAt;
    @Column(name = "rotated_by")
    public String rotatedBy;
    @Column(name = "rotated_by_subject")
    public String rotatedBySubject;
    public int rotations;
    @Column(name = "key_id")
    public String keyId;
}
