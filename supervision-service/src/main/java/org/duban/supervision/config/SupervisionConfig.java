package org.duban.supervision.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code duban.supervision.*}: the thresholds of lights, card rules, referrals and scores. */
@ConfigMapping(prefix = "duban.supervision")
public interface SupervisionConfig {

    Lights lights();

    Cards cards();

    Referral referral();

    Scores scores();

    Bulletins bulletins();

    interface Bulletins {
        /** 落款: the office that issues bulletins, printed under the text of the exported 通报. */
        @WithDefault("县人民政府督查室")
        String issuer();
    }

    interface Lights {
        /** Yellow when a deadline is this close and the unit has not reported since it was assigned. */
        @WithDefault("P3D")
        Duration approaching();

        /** Yellow when reported progress is more than this many percentage points behind 序时进度. */
        @WithDefault("0")
        int lagTolerance();
    }

    interface Cards {
        /** A yellow card when a deadline is this close with no report (the DeadlineApproaching at or inside it). */
        @WithDefault("P3D")
        Duration yellowLead();

        /** A red card for every missed deadline (task deadlines and rectification deadlines). */
        @WithDefault("true")
        boolean redOnMissed();

        /**
         * Grace for work assigned late (改派 after the due date, a plan adopted with deadlines behind it): no card before
         * the unit could have signed for it, i.e. before assignment + this. A miss inside it waits for its red card until
         * then ({@code DeferredCards}); a yellow card inside it is not given. P3D covers a weekend.
         */
        @WithDefault("P3D")
        Duration signGrace();

        /** How often the rectification deadline watcher (and the deferred red cards) sweep. */
        @WithDefault("60s")
        String rectificationSweep();
    }

    interface Referral {
        /** A referral file is drafted automatically when a unit gets this many red cards in one quarter. */
        @WithDefault("2")
        int redCardsPerQuarter();
    }

    interface Scores {
        /** Points for a 100 % on-time rate (scaled by the rate). */
        @WithDefault("60")
        double onTimeWeight();

        /** Points every unit starts with besides the on-time part. */
        @WithDefault("40")
        double base();

        @WithDefault("2")
        double perYellowCard();

        @WithDefault("5")
        double perRedCard();

        /** Points off per provincial yellow card (省级黄色督办 on the unit): the province's 督办 weighs more than the county's card. */
        @WithDefault("4")
        double perProvinceYellowCard();

        /** Points off per provincial red card (省级红色督办 on the unit). */
        @WithDefault("10")
        double perProvinceRedCard();

        /** Points for each finding whose rectification was closed in the period. */
        @WithDefault("1")
        double perFindingClosed();

        /** Points off for each finding still open (not closed) at the end of the period. */
        @WithDefault("2")
        double perFindingOpen();

        /** The lowest score a unit can have: deductions beyond it are not counted (an item "得分下限" says so). */
        @WithDefault("0")
        double floor();
    }
}
