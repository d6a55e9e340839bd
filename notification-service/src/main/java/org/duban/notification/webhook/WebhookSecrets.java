package org.duban.notification.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.notification.config.NotificationConfig;

/**
 * Per-unit webhook signing secrets (issue 20). notification-service signs, so it owns them (table
 * {@code webhook_secret}, V6). Which secret signs a unit's webhook, first found wins:
 * <ol>
 * <li>the unit's stored secret (generated or rotated here);</li>
 * <li>its configured secret, {@code duban.notification.webhook.secrets."<unit id>"} (legacy);</li>
 * <li>the configured {@code default-secret} (legacy, shared by every unit that falls back to it);</li>
 * <li>none of these: a secret is generated (SecureRandom, 32 bytes) and stored, <em>not handed over</em> — nothing is
 * sent with it until the unit's officer (or an admin) rotates it and so receives one
 * ({@code POST /api/webhook-secrets/{unitId}}).</li>
 * </ol>
 * A rotation answers the new secret once; afterwards it is never readable. The secret it replaces, if a receiver could
 * hold it (handed over, configured or the default), keeps signing in {@code X-Duban-Signature-Previous} for
 * {@code rotation-grace}, so a receiver switches when it is ready.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int BYTES = 32;

    public enum Source { GENERATED, CONFIGURED, DEFAULT, NONE }

    /** What signs a send: the current secret, whether its receiver holds it, and the previous one during its grace. */
    public record Signing(Source source, String current, boolean handedOver, Optional<String> previous) {
    }

    /** A rotation's answer: the only time the secret is shown. */
    public record Issued(UUID unitId, String secret, Instant rotatedAt, Instant previousValidUntil) {
    }

    /** What anyone may read: where the secret comes from, when and by whom it was made and rotated; never the secret. */
    public record View(UUID unitId, Source source, boolean handedOver, Instant createdAt, String createdBy, Instant rotatedAt,
            String rotatedBy, int rotations, Instant previousValidUntil) {
    }

    @Inject
    EntityManager em;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    /**
     * The secrets that sign a send to this unit's webhook, generating and storing its first secret if it has none at
     * all. Its own transaction: the dispatcher sends outside one. Generation and rotation of a unit take the same
     * transaction-scoped advisory lock, so two instances needing a first secret at once keep one.
     */
    public Signing forSending(UUID unitId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            WebhookSecret row = WebhookSecret.findById(unitId);
            if (row == null) {
                Optional<String> legacy = legacy(unitId);
                if (legacy.isPresent()) {
                    return new Signing(legacySource(unitId), legacy.get(), true, Optional.empty());
                }
                lock(unitId);
                row = WebhookSecret.findById(unitId);
                if (row == null) {
                    row = new WebhookSecret();
                    row.unitId = unitId;
                    row.secret = generate();
                    row.handedOver = false;
                    row.createdAt = clock.instant();
                    row.createdBy = "system";
                    row.persist();
                    LOG.infof("webhook secret of unit %s generated; not handed over yet (POST /api/webhook-secrets/%s)", unitId, unitId);
                }
            }
            Optional<String> previous = row.previousSecret != null && row.previousValidUntil != null
                    && clock.instant().isBefore(row.previousValidUntil) ? Optional.of(row.previousSecret) : Optional.empty();
            return new Signing(Source.GENERATED, row.secret, row.handedOver, previous);
        });
    }

    /** Generates and stores a new secret for the unit and answers it (once). */
    @Transactional
    public Issued rotate(UUID unitId, String byName, String bySubject) {
        lock(unitId);
        Instant now = clock.instant();
        WebhookSecret row = WebhookSecret.findById(unitId);
        // the secret replaced keeps signing for the grace only if a receiver can hold it
        String previous = row != null ? (row.handedOver ? row.secret : null) : legacy(unitId).orElse(null);
        boolean fresh = row == null;
        if (fresh) {
            row = new WebhookSecret();
            row.unitId = unitId;
            row.createdAt = now;
            row.createdBy = byName;
        }
        row.secret = generate();
        row.handedOver = true;
        row.previousSecret = previous;
        row.previousValidUntil = previous == null ? null : now.plus(config.webhook().rotationGrace());
        row.rotatedAt = now;
        row.rotatedBy = byName;
        row.rotatedBySubject = bySubject;
        row.rotations++;
        if (fresh) {
            row.persist(); // with every column set: the insert is made from the state at persist
        }
        LOG.infof("webhook secret of unit %s rotated by %s (%s); the previous one signs until %s", unitId, byName, bySubject,
                row.previousValidUntil);
        return new Issued(unitId, row.secret, now, row.previousValidUntil);
    }

    @Transactional
    public View view(UUID unitId) {
        WebhookSecret r = WebhookSecret.findById(unitId);
        if (r == null) {
            Source source = legacy(unitId).isPresent() ? legacySource(unitId) : Source.NONE;
            return new View(unitId, source, source != Source.NONE, null, null, null, null, 0, null);
        }
        Instant until = r.previousValidUntil != null && clock.instant().isBefore(r.previousValidUntil) ? r.previousValidUntil : null;
        return new View(unitId, Source.GENERATED, r.handedOver, r.createdAt, r.createdBy, r.rotatedAt, r.rotatedBy, r.rotations, until);
    }

    /** One generation or rotation of a unit's secret at a time, also while it has no row (a row lock cannot do that). */
    private void lock(UUID unitId) {
        em.createNativeQuery("select 1 from pg_advisory_xact_lock(?1)")
                .setParameter(1, unitId.getMostSignificantBits() ^ unitId.getLeastSignificantBits()).getSingleResult();
    }

    private Optional<String> legacy(UUID unitId) {
        String own = config.webhook().secrets().get(unitId.toString());
        return own != null && !own.isBlank() ? Optional.of(own) : config.webhook().defaultSecret().filter(s -> !s.isBlank());
    }

    private Source legacySource(UUID unitId) {
        String own = config.webhook().secrets().get(unitId.toString());
        return own != null && !own.isBlank() ? Source.CONFIGURED : Source.DEFAULT;
    }

    /** 32 bytes from SecureRandom, base64url without padding (43 characters); the HMAC key is its UTF-8 bytes. */
    static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
