package org.duban.web.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A card's state as the ledger shows it, and which cards a unit still has to acknowledge. */
class CardWordsTest {

    static Map<String, Object> card(String acknowledgedAt, String liftedAt, boolean annulled) {
        Map<String, Object> c = new HashMap<>();
        c.put("acknowledgedAt", acknowledgedAt);
        c.put("liftedAt", liftedAt);
        c.put("annulled", annulled);
        return c;
    }

    @Test
    void states() {
        assertEquals("待确认", CardWords.state(card(null, null, false)));
        assertEquals("已确认", CardWords.state(card("2026-12-07T02:00:00Z", null, false)));
        assertEquals("已撤销", CardWords.state(card("2026-12-07T02:00:00Z", "2026-12-07T03:00:00Z", false)));
        assertEquals("已作废", CardWords.state(card(null, "2026-12-07T03:00:00Z", true)));
        assertEquals("红牌", CardWords.color("RED"));
        assertEquals("黄牌", CardWords.color("YELLOW"));
    }

    @Test
    void onlyOpenUnacknowledgedCardsWait() {
        assertTrue(CardWords.awaitsAcknowledgement(card(null, null, false)));
        assertFalse(CardWords.awaitsAcknowledgement(card("2026-12-07T02:00:00Z", null, false)));
        assertFalse(CardWords.awaitsAcknowledgement(card(null, "2026-12-07T03:00:00Z", true)));
    }
}
