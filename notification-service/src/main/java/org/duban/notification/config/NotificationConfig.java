package org.duban.notification.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything notification-service can be told, under {@code duban.notification.*}. */
@ConfigMapping(prefix = "duban.notification")
public interface NotificationConfig {

    /** The supervision office (督查室): its unit (for its inbox) and its mailbox. */
    Office office();

    Dispatch dispatch();

    /** The SMTP server notices are mailed through (Jakarta Mail, see {@code email/EmailChannel}). */
    Smtp smtp();

    Webhook webhook();

    Digest digest();

    QuietHours quietHours();

    /** Escalation ladders (催办) per notice type, keyed by the type in lower case, e.g. {@code overdue}. */
    Map<String, Ladder> ladders();

    /** How often the escalation job looks at open overdue items. */
    @WithDefault("60s")
    String escalationInterval();

    interface Office {
        Optional<UUID> unitId();

        Optional<String> email();
    }

    interface Dispatch {
        /** How often a dispatcher looks for due deliveries. */
        @WithDefault("1s")
        String interval();

        @WithDefault("50")
        int batchSize();

        /** Sends at once per dispatcher pass (SMTP and HTTP calls are I/O bound). */
        @WithDefault("8")
        int parallelism();

        /** After this many failed attempts a delivery is FAILED for good and shows in the log as such. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the 2nd attempt; doubles each time up to {@link #maxBackoff()}. */
        @WithDefault("PT30S")
        Duration initialBackoff();

        @WithDefault("PT30M")
        Duration maxBackoff();

        /**
         * How long a claimed row is left to its dispatcher before another may take it (a crashed instance). A send
         * starts only while the claim still outlasts the channel's longest send plus {@link #leaseMargin()}; must
         * exceed both (checked at start-up).
         */
        @WithDefault("PT2M")
        Duration lease();

        /** Room left in a claim after a send's longest duration: recording the result, clocks of two instances apart. */
        @WithDefault("PT10S")
        Duration leaseMargin();
    }

    interface Smtp {
        @WithDefault("localhost")
        String host();

        @WithDefault("25")
        int port();

        /** The sender, e.g. {@code 督查室 <duchashi@duban.local>}. */
        String from();

        /** Set to log in (SMTP AUTH); absent: no login. */
        Optional<String> username();

        Optional<String> password();

        /** Require STARTTLS. */
        @WithDefault("false")
        boolean startTls();

        /** The name given in EHLO; absent: this host's name. */
        Optional<String> ownHostName();

        @WithDefault("PT10S")
        Duration connectTimeout();

        /** Each read and write, and the whole send: after this it is cut off and counts as a failed attempt. */
        @WithDefault("PT30S")
        Duration timeout();
    }

    interface Webhook {
        /**
         * Legacy: one secret for units with neither a stored secret (generated, rotated) nor their own entry in
         * {@link #secrets()}. Kept for existing deployments; every unit that holds it can forge notices to the others.
         */
        Optional<String> defaultSecret();

        /** Legacy per-unit secrets, keyed by unit id; a unit's stored (rotated) secret takes precedence. */
        Map<String, String> secrets();

        /** After a rotation, the previous secret also signs ({@code X-Duban-Signature-Previous}) for this long. */
        @WithDefault("PT24H")
        Duration rotationGrace();

        /** Only https webhook URLs are called (on in production; the dev and test profiles turn it off). */
        @WithDefault("true")
        boolean requireHttps();

        /**
         * Allow webhook targets on loopback addresses (127.0.0.0/8, ::1): for dev and test, whose receivers run on
         * this host. Link-local, private, CGNAT, multicast and unspecified addresses are refused regardless.
         */
        @WithDefault("false")
        boolean allowLoopback();

        @WithDefault("PT10S")
        Duration timeout();

        /** A receiver should refuse a timestamp older than this (documented for receivers; echoed in the test). */
        @WithDefault("PT5M")
        Duration tolerance();
    }

    interface Digest {
        /** Local time (Asia/Shanghai) the daily digest goes out. */
        @WithDefault("08:00")
        LocalTime at();

        /** Default mode per channel when a unit set none: email digests daily, webhooks go at once. */
        @WithDefault("DAILY")
        String emailDefault();

        @WithDefault("IMMEDIATE")
        String webhookDefault();
    }

    interface QuietHours {
        @WithDefault("22:00")
        LocalTime start();

        @WithDefault("07:00")
        LocalTime end();
    }

    interface Ladder {
        /**
         * Steps as {@code day:AUDIENCE+AUDIENCE}; each step adds its audience to the earlier ones', e.g.
         * {@code 0:DUTY_CONTACT,3:HEAD,7:SUPERVISOR+OFFICE}.
         */
        List<String> steps();

        /** After the last step, a reminder (催办) to everyone reached every so many days while still open. */
        @WithDefault("3")
        int repeatEveryDays();
    }
}
