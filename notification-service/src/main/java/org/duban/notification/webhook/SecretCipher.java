package org.duban.notification.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seals and opens stored webhook secrets (issue 20) with AES-256-GCM from the JDK: authenticated encryption, so a
 * wrong key or a changed byte is an error, never a wrong secret. The associated data binds a ciphertext to its unit and
 * column, so a sealed secret copied into another unit's row does not open.
 *
 * <p>Why AES-GCM and not SM4: BouncyCastle (which brings SM4) is not on notification-service's classpath, and the JDK
 * has AES-GCM built in; a deployment that must use the national algorithms can add a second cipher under a new key id
 * (the key id stored with each row says which opened it).
 *
 * <p>The 256-bit key is the SHA-256 of the configured text: any high-entropy text (base64, hex) serves as it is, and the
 * dev default can carry the {@code NOT-FOR-PRODUCTION} mark that platform's start-up check refuses in production.
 */
@ApplicationScoped
public class SecretCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    static final int MIN_KEY_CHARS = 32;

    /** Which secret of the row: the current one or the previous (kept for a rotation's grace). */
    public enum Column { SECRET, PREVIOUS_SECRET }

    /** A key the configuration does not have, or one that does not open what it claims to have sealed. */
    public static class KeyProblem extends IllegalStateException {
        KeyProblem(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    SecretKeysConfig config;

    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    @PostConstruct
    void load() {
        keys.put(config.keyId(), key("duban.webhook-secrets.key", config.key()));
        config.previousKeys().forEach((id, text) -> {
            if (!id.equals(config.keyId())) {
                keys.put(id, key("duban.webhook-secrets.previous-keys." + id, text));
            }
        });
    }

    /** The key id every new seal uses. */
    public String currentKeyId() {
        return config.keyId();
    }

    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The secret sealed with the current key: base64 of nonce and ciphertext with its tag. */
    public String seal(UUID unitId, Column column, String secret) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(config.keyId()), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(unitId, column));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a sealed secret; throws {@link KeyProblem} when the key is unknown or is not the one that sealed it. */
    public String open(UUID unitId, Column column, String keyId, String sealed) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new KeyProblem("the webhook secret of unit " + unitId + " is sealed with key '" + keyId + "', which is neither "
                    + "duban.webhook-secrets.key-id nor among duban.webhook-secrets.previous-keys", null);
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            c.updateAAD(aad(unitId, column));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new KeyProblem("the webhook secret of unit " + unitId + " does not open with the configured key '" + keyId
                    + "': wrong key, or the row was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] aad(UUID unitId, Column column) {
        return (unitId + "/" + column.name()).getBytes(StandardCharsets.US_ASCII);
    }

    private static SecretKeySpec key(String property, String text) {
        if (text == null || text.strip().length() < MIN_KEY_CHARS) {
            throw new IllegalStateException(property + " must have at least " + MIN_KEY_CHARS
                    + " characters of randomness (e.g. openssl rand -base64 32)");
        }
        try {
            return new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(text.strip().getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
