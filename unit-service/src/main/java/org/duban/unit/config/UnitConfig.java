package org.duban.unit.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.unit.*}: unit-service's own settings (README, "Configuration"). */
@ConfigMapping(prefix = "duban.unit")
public interface UnitConfig {

    Seed seed();

    SnapshotTopic snapshotTopic();

    Webhook webhook();

    Groups groups();

    interface Seed {
        /** Load seed/registry-seed.json at first start (once per version of the file). */
        @WithDefault("true")
        boolean loadAtStart();
    }

    /** The compacted topic of unit snapshots, created at start-up. */
    interface SnapshotTopic {
        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** How long to wait between attempts while the broker is unreachable. */
        @WithDefault("PT5S")
        Duration retryInterval();
    }

    /** What a unit's webhook URL may point at (issue 20, no SSRF). */
    interface Webhook {
        /** Only https URLs; the dev and test profiles turn it off (application.properties). */
        @WithDefault("true")
        boolean requireHttps();
    }

    /** Group expansion (issue 22). */
    interface Groups {
        /**
         * Units that no group ever yields, by name or alias (a rename keeps the old name as an alias): the
         * supervision office is never supervised by itself.
         */
        @WithDefault("县政府督查室")
        List<String> excludedUnits();
    }
}
