package org.duban.supervision.warning;

import java.time.Instant;

/**
 * Told of each red card issued or annulled, in the card's transaction: the referral rule ({@code referral/Referrals},
 * the one implementation) drafts or trims its files. A port, so cards do not depend on referrals (issue 23: no cycle
 * between the packages; referrals read the cards).
 */
public interface RedCardListener {

    /** A red card was issued. */
    void onRedCard(Warning card);

    /** A red card was annulled (the unit no longer held the work). */
    void onRedCardAnnulled(Warning card, Instant at);
}
