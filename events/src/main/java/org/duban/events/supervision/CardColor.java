package org.duban.events.supervision;

import org.duban.events.WireEnum;

/** A card's colour (黄牌/红牌): the {@code color} of {@link WarningIssued} and {@link WarningLifted}, read tolerantly. */
public enum CardColor {
    YELLOW,
    RED,
    /** A colour this version does not know (or none): the raw value stays on the record. */
    UNKNOWN;

    public static CardColor of(String wire) {
        return WireEnum.read(CardColor.class, wire, UNKNOWN, UNKNOWN);
    }
}
