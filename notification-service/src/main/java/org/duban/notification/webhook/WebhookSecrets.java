package org.duban.notification.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import org.duban.notification.config.NotificationConfig;
import org.duban.notification.webhook.SecretCipher.Column;
import org.duban.platform.schema.SchemaMigration;

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
 *
 * <p>Stored secrets are sealed ({@link SecretCipher}, AES-256-GCM, the key's id stored with the row): the database never
 * holds one in plain text. At start every row is opened with its key (a wrong or missing key stops the service here,
 * not at the first send), rows from before V13 are sealed, and rows sealed with an earlier key are sealed again with the
 * current one ({@link #sealStored}).
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

    @Inject
    SecretCipher cipher;

    @Inject
    SchemaMigration schema;

    private volatile boolean sealed;

    /** After the schema migration (priority 1): seals and checks the stored secrets, or the start fails. */
    void onStart(@Observes @Priority(5) StartupEvent ignored) {
        if (schema.isMigrated()) {
            sealStored();
        } // else the database is away: done before the first use (ensureSealed)
    }

    /**
     * Opens every stored secret with the key its row names (a key that is missing or does not open it throws
     * {@link SecretCipher.KeyProblem}), seals plain-text rows (from before V13) and rows of an earlier key with the
     * current key. Returns how many rows it sealed.
     */
    public synchronized int sealStored() {
        int changed = QuarkusTransaction.requiringNew().call(() -> {
            int n = 0;
            for (WebhookSecret row : WebhookSecret.<WebhookSecret> list("from WebhookSecret order by unitId")) {
                String current = row.keyId == null ? row.secret : cipher.open(row.unitId, Column.SECRET, row.keyId, row.secret);
                String previous = row.previousSecret == null ? null
                        : row.keyId == null ? row.previousSecret : cipher.open(row.unitId, Column.PREVIOUS_SECRET, row.keyId, row.previousSecret);
                if (cipher.currentKeyId().equals(row.keyId)) {
                    continue;
                }
                seal(row, current, previous);
                n++;
            }
            return n;
        });
        sealed = true;
        if (changed > 0) {
            LOG.infof("%d webhook secrets sealed with key '%s'", changed, cipher.currentKeyId());
        }
        return changed;
    }

    private void ensureSealed() {
        if (!sealed) {
            sealStored();
        }
    }

    /** Stores both secrets of the row sealed with the current key. */
    private void seal(WebhookSecret row, String current, String previous) {
        row.secret = cipher.seal(row.unitId, Column.SECRET, current);
        row.previousSecret = previous == null ? null : cipher.seal(row.unitId, Column.PREVIOUS_SECRET, previous);
        row.keyId = cipher.currentKeyId();
    }

    private String openSecret(WebhookSecret row) {
        return cipher.open(row.unitId, Column.SECRET, row.keyId, row.secret);
    }

    private String openPrevious(WebhookSecret row) {
        return row.previousSecret == null ? null : cipher.open(row.unitId, Column.PREVIOUS_SECRET, row.keyId, row.previousSecret);
    }

    /**
     * The secrets that sign a send to this unit's webhook, generating and storing its first secret if it has none at
     * all. Its own transaction: the dispatcher sends outside one. Generation and rotation of a unit take the same
     * transaction-scoped advisory lock, so two instances needing a first secret at once keep one.
     */
    public Signing forSending(UUID unitId) {
        ensureSealed();
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
                    seal(row, generate(), null);
                    row.handedOver = false;
                    row.createdAt = clock.instant();
                    row.createdBy = "system";
                    row.persist();
                    LOG.infof("webhook secret of unit %s generated; not handed over yet (POST /api/webhook-secrets/%s)", unitId, unitId);
                }
            }
            Optional<String> previous = row.previousSecret != null && row.previousValidUntil != null
                    && clock.instant().isBefore(row.previousValidUntil) ? Optional.of(openPrevious(row)) : Optional.empty();
            return new Signing(Source.GENERATED, openSecret(row), row.handedOver, previous);
        });
    }

    /** Generates and stores a new secret for the unit and answers it (once). */
    @Transactional
    public Issued rotate(UUID unitId, String byName, String bySubject) {
        ensureSealed();
        lock(unitId);
        Instant now = clock.instant();
        WebhookSecret row = WebhookSecret.findById(unitId);
        // the secret replaced keeps signing for the grace only if a receiver can hold it
        String previous = row != null ? (row.handedOver ? openSecret(row) : null) : legacy(unitId).orElse(null);
        boolean fresh = row == null;
        if (fresh) {
            row = new WebhookSecret();
            row.unitId = unitId;
            row.createdAt = now;
            row.createdBy = byName;
        }
        String secret = generate();
        seal(row, secret, previous);
        row.handedOver = true;
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
        return new Issued(unitId, secret, now, row.previousValidUntil);
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
