package org.duban.province.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything province-gateway can be told, under {@code duban.province.*} (environment: {@code DUBAN_PROVINCE_…}).
 * Secrets and keys have no defaults outside the {@code %dev} and {@code %test} profiles.
 */
@ConfigMapping(prefix = "duban.province")
public interface GatewayConfig {

    /**
     * The senders registered at the county (the province's app keys): name → app key, method and secret or public key.
     * The name is the app key unless {@link App#appKey()} says otherwise — environment variable names cannot spell every
     * app key ({@code DUBAN_PROVINCE_APPS_PROVINCE_APP_KEY=hn-province} with {@code DUBAN_PROVINCE_APPS_PROVINCE_SECRET=…}).
     */
    Map<String, App> apps();

    /** The county's own credentials, issued by the province, for what it sends and serves. */
    County county();

    /** Where outbound messages are POSTed ({@code DUBAN_PROVINCE_OUTBOUND_URL}); absent = messages wait. */
    Optional<String> outboundUrl();

    /** The province's changes URL for one-way networks ({@code DUBAN_PROVINCE_PULL_URL}); absent or empty = no pulling. */
    Optional<String> pullUrl();

    Pull pull();

    Inbound inbound();

    Dispatch dispatch();

    interface App {
        /** The app key as the sender sends it in {@code X-App-Key}; absent = the map key. */
        Optional<String> appKey();

        /** {@code HMAC-SM3} or {@code SM3withSM2}. */
        @WithDefault("HMAC-SM3")
        String method();

        /** For HMAC-SM3. */
        Optional<String> secret();

        /** For SM3withSM2: X.509 SubjectPublicKeyInfo, Base64 DER (PEM armour allowed). */
        Optional<String> publicKey();

        /** The sender's organisation code, used as {@code receiverOrg} of what the county sends back. */
        Optional<String> org();
    }

    interface County {
        /** The county's app key as the province registered it ({@code X-App-Key} of everything the county sends). */
        Optional<String> appKey();

        @WithDefault("HMAC-SM3")
        String method();

        /** For HMAC-SM3. */
        Optional<String> secret();

        /** For SM3withSM2: PKCS#8, Base64 DER (PEM armour allowed). */
        Optional<String> privateKey();

        /** The county's organisation code ({@code senderOrg}). */
        @WithDefault("COUNTY")
        String org();

        /** Who signs for provincial tasks ({@code RECEIPT.signedBy}). */
        @WithDefault("县委督查室")
        String office();
    }

    interface Pull {
        /** The registered app key the pulled messages are taken to come from; absent = the only registered app. */
        Optional<String> appKey();

        @WithDefault("30s")
        String interval();

        @WithDefault("100")
        int limit();
    }

    interface Inbound {
        /** Bodies above this are refused (HTTP 413, code 2) before they are read. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** A request signed further than this from the gateway's clock is refused (code 1). */
        @WithDefault("PT5M")
        Duration timestampTolerance();

        /** A nonce seen from the same app key within this window is refused (code 1). */
        @WithDefault("PT10M")
        Duration nonceWindow();

        /** Accepted messages (and their answers, for idempotency) are kept this long; at least 7 days. */
        @WithDefault("P30D")
        Duration keepMessages();
    }

    interface Dispatch {
        /** How often a dispatcher looks for due outbound messages, besides being woken on commit. */
        @WithDefault("1s")
        String interval();

        @WithDefault("50")
        int batchSize();

        /** Sends at once per pass (distinct provincial tasks; one task's messages go one at a time). */
        @WithDefault("8")
        int parallelism();

        /** Waits after the 1st, 2nd, … failed attempt; the last repeats. */
        @WithDefault("PT1M,PT5M,PT30M,PT2H")
        List<Duration> backoff();

        /** After this long since it was first due (or resent), a message that still fails is FAILED. */
        @WithDefault("PT24H")
        Duration giveUpAfter();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT20S")
        Duration requestTimeout();

        /**
         * How long a claimed message is its dispatcher's (wall clock): must be longer than a send can take (connect +
         * request timeout), so another instance never sends a message still being sent. Checked at start-up.
         */
        @WithDefault("PT2M")
        Duration lease();
    }
}
