package org.duban.notification.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.notification.support.MailServer;
import org.duban.notification.webhook.SecretCipher.Column;
import org.duban.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 20: webhook secrets encrypted at rest. The table's columns never hold a secret (read back with SQL, by value
 * and by substring); signing still opens it; a row from before V13 (plain text, no key id) is sealed by the start-up
 * step; a row that the configured key does not open (another key under the same id) or whose key is not configured
 * makes that step throw, naming the unit (the start fails, before any send); a ciphertext copied into another unit's row
 * does not open; the shipped dev key is one platform's start-up check refuses with the prod profile.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_notification"))
@WithTestResource(MailServer.class)
class SecretsAtRestTest {

    @Inject
    WebhookSecrets secrets;

    @Inject
    SecretCipher cipher;

    @Inject
    EntityManager em;

    @Test
    void theColumnNeverHoldsTheSecretAndSigningStillOpensIt() {
        UUID unit = UUID.randomUUID();
        WebhookSecrets.Issued first = secrets.rotate(unit, "值班员", "sub-1");
        WebhookSecrets.Issued second = secrets.rotate(unit, "值班员", "sub-1"); // the first becomes the previous
        Object[] row = row(unit);
        for (Object column : new Object[] {row[0], row[1]}) {
            assertFalse(String.valueOf(column).contains(first.secret()), "a secret in the table");
            assertFalse(String.valueOf(column).contains(second.secret()), "a secret in the table");
        }
        assertEquals(cipher.currentKeyId(), row[2]);
        WebhookSecrets.Signing signing = secrets.forSending(unit);
        assertEquals(second.secret(), signing.current());
        assertEquals(first.secret(), signing.previous().orElseThrow());
        String signature = Signature.sign(signing.current(), 1_700_000_000L, "{}");
        assertEquals(Signature.sign(second.secret(), 1_700_000_000L, "{}"), signature, "the receiver's secret verifies");
    }

    @Test
    void aPlainTextRowFromBeforeTheMigrationIsSealedAtStart() {
        UUID unit = UUID.randomUUID();
        String plain = "plain-secret-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into webhook_secret (unit_id, secret, handed_over, previous_secret, previous_valid_until, created_at,
                    created_by, rotations) values (?1, ?2, true, ?3, ?4, now(), 'before V13', 1)""")
                .setParameter(1, unit).setParameter(2, plain).setParameter(3, plain + "-old")
                .setParameter(4, Instant.now().plusSeconds(86_400 * 365 * 100L)).executeUpdate());
        assertTrue(secrets.sealStored() >= 1);
        Object[] row = row(unit);
        assertFalse(String.valueOf(row[0]).contains(plain));
        assertFalse(String.valueOf(row[1]).contains(plain));
        assertEquals(cipher.currentKeyId(), row[2]);
        assertEquals(plain, secrets.forSending(unit).current());
        assertEquals(0, secrets.sealStored(), "sealed once");
    }

    @Test
    void aKeyThatDoesNotOpenTheStoredSecretsStopsTheStart() {
        UUID unit = UUID.randomUUID();
        secrets.rotate(unit, "值班员", "sub-1");
        String before = (String) row(unit)[0];
        // the same key id, another key: what a deployment with a mistyped key would read
        SecretCipher other = new SecretCipher();
        other.config = new SecretKeysConfig() {
            public String keyId() {
                return cipher.currentKeyId();
            }

            public String key() {
                return "another-key-of-at-least-thirty-two-characters";
            }

            public Map<String, String> previousKeys() {
                return Map.of();
            }
        };
        other.load();
        SecretCipher.KeyProblem wrong = assertThrows(SecretCipher.KeyProblem.class,
                () -> other.open(unit, Column.SECRET, cipher.currentKeyId(), before));
        assertTrue(wrong.getMessage().contains(unit.toString()), wrong.getMessage());

        // the start-up step meets it: a row sealed with that other key
        UUID forged = UUID.randomUUID();
        secrets.rotate(forged, "值班员", "sub-1");
        String sealedElsewhere = other.seal(forged, Column.SECRET, "x");
        setSecret(forged, sealedElsewhere, cipher.currentKeyId());
        try {
            SecretCipher.KeyProblem atStart = assertThrows(SecretCipher.KeyProblem.class, secrets::sealStored);
            assertTrue(atStart.getMessage().contains(forged.toString()), atStart.getMessage());
            // a key id the configuration lacks
            setSecret(forged, sealedElsewhere, "retired-2019");
            SecretCipher.KeyProblem unknown = assertThrows(SecretCipher.KeyProblem.class, secrets::sealStored);
            assertTrue(unknown.getMessage().contains("retired-2019"), unknown.getMessage());
            // a secret moved into another unit's row does not open there
            setSecret(forged, before, cipher.currentKeyId());
            assertThrows(SecretCipher.KeyProblem.class, secrets::sealStored);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from webhook_secret where unit_id = ?1")
                    .setParameter(1, forged).executeUpdate());
        }
        assertNotEquals(-1, secrets.sealStored());
    }

    @Test
    void theShippedKeyIsRefusedByTheProductionCheck() {
        String shipped = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("duban.webhook-secrets.key", String.class);
        assertEquals(List.of("duban.webhook-secrets.key (a value published in the repository)"),
                org.duban.platform.config.DefaultSecrets.offending(Map.of("duban.webhook-secrets.key", shipped)));
    }

    private void setSecret(UUID unit, String sealed, String keyId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update webhook_secret set secret = ?2, key_id = ?3 where unit_id = ?1")
                .setParameter(1, unit).setParameter(2, sealed).setParameter(3, keyId).executeUpdate());
    }

    private Object[] row(UUID unit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select secret, coalesce(previous_secret, ''), key_id from webhook_secret where unit_id = ?1").setParameter(1, unit)
                .getResultList());
        assertEquals(1, rows.size());
        return rows.get(0);
    }
}
