package org.duban.notification.webhook;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * The keys that seal stored webhook secrets (issue 20), {@code duban.webhook-secrets.*}. Each key is a text of at
 * least 32 characters with 256 bits of randomness, e.g. {@code openssl rand -base64 32}. The shipped default (in
 * application.properties, carrying the {@code NOT-FOR-PRODUCTION} mark) serves dev, test and a stack on loopback
 * only: platform's {@code DefaultSecretsCheck} refuses it with the prod profile.
 */
@ConfigMapping(prefix = "duban.webhook-secrets")
public interface SecretKeysConfig {

    /** The id of {@link #key()}, stored with every row it seals (e.g. {@code 2027-01}). */
    String keyId();

    /** The current key: every new or rotated secret is sealed with it, and older rows are sealed again with it at start. */
    String key();

    /** Earlier keys by id, still needed to open rows sealed with them until the service has sealed them again. */
    Map<String, String> previousKeys();
}
